#pragma once
// The GraphQL lexer (spec §2.1, October 2021): punctuators, names, numbers, strings and block
// strings, skipping whitespace, commas, comments and the BOM. Errors carry the exact offset
// graphql-js reports.
#include <optional>
#include <string>
#include <string_view>

#include "graphql/errors.hpp"

namespace wmpulse::graphql {

enum class token_kind : unsigned char {
  sof, eof, bang, dollar, amp, paren_l, paren_r, spread, colon, equals, at, bracket_l, bracket_r,
  brace_l, pipe, brace_r, name, int_, float_, string, block_string
};
std::string_view describe(token_kind k);

struct token {
  token_kind kind = token_kind::sof;
  offset start = 0;
  offset end = 0;
  std::string_view raw;  // the token's text (names and numbers)
  std::string value;     // decoded value of a string or block string
};

class lexer {
public:
  explicit lexer(std::string_view text) : text_(text) {}
  // The next token, or the syntax error that stopped the lexer.
  bool next(token& out, located_error& error);
  std::string_view text() const { return text_; }

private:
  void skip_ignored();
  bool read_number(token& out, located_error& error);
  bool read_string(token& out, located_error& error);
  bool read_block_string(token& out, located_error& error);
  bool read_escape(std::string& out, located_error& error);
  std::optional<unsigned> read_hex(std::size_t from, std::size_t count) const;
  located_error fail(std::size_t at, std::string message) const;
  unsigned char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? static_cast<unsigned char>(text_[pos_ + ahead]) : 0;
  }
  bool at_end(std::size_t ahead = 0) const { return pos_ + ahead >= text_.size(); }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace wmpulse::graphql
