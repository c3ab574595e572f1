#include "graphql/lexer.hpp"

#include <cstdio>

namespace wmpulse::graphql {
namespace {

bool is_digit(unsigned c) { return c >= '0' && c <= '9'; }
bool is_name_start(unsigned c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_continue(unsigned c) { return is_name_start(c) || is_digit(c); }

// Length of the valid UTF-8 sequence at `at`, or 0 when the bytes there are not one.
std::size_t utf8_length(std::string_view s, std::size_t at, unsigned& code) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[at + i]); };
  const unsigned c = b(0);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || at + n > s.size()) return 0;
  code = n == 1 ? c : n == 2 ? (c & 0x1f) : n == 3 ? (c & 0x0f) : (c & 0x07);
  for (std::size_t i = 1; i < n; ++i) {
    if ((b(i) & 0xc0) != 0x80) return 0;
    code = (code << 6) | (b(i) & 0x3f);
  }
  const bool overlong = (n == 2 && code < 0x80) || (n == 3 && code < 0x800) || (n == 4 && code < 0x10000);
  if (overlong || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  return n;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

std::string print_char(std::string_view s, std::size_t at) {
  if (at >= s.size()) return "<EOF>";
  unsigned code = 0;
  const std::size_t n = utf8_length(s, at, code);
  if (n == 0) return "invalid UTF-8";
  if (code >= 0x20 && code != 0x7f) return "\"" + std::string(s.substr(at, n)) + "\"";
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", code);
  return buf;
}

std::size_t leading_blank(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i;
}

// The spec's BlockStringValue: drop the common indent and the blank first and last lines.
std::string dedent(const std::vector<std::string>& lines) {
  std::size_t common = std::string::npos, first = std::string::npos, last = 0;
  bool any = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t indent = leading_blank(lines[i]);
    if (indent == lines[i].size()) continue;
    if (!any) first = i;
    any = true;
    last = i;
    if (i != 0 && indent < common) common = indent;
  }
  if (!any) return {};
  std::string out;
  for (std::size_t i = first; i <= last; ++i) {
    if (i != first) out += '\n';
    const std::string& l = lines[i];
    out += (i == 0 || common == std::string::npos) ? l : (common < l.size() ? l.substr(common) : std::string());
  }
  return out;
}

}  // namespace

std::string_view describe(token_kind k) {
  static constexpr std::string_view names[] = {"<SOF>", "<EOF>", "\"!\"", "\"$\"", "\"&\"", "\"(\"", "\")\"", "\"...\"",
                                               "\":\"", "\"=\"", "\"@\"", "\"[\"", "\"]\"", "\"{\"", "\"|\"", "\"}\"",
                                               "Name", "Int", "Float", "String", "BlockString"};
  return names[static_cast<int>(k)];
}

located_error lexer::fail(std::size_t at, std::string message) const {
  return {"Syntax Error: " + std::move(message), {static_cast<offset>(at)}};
}

void lexer::skip_ignored() {
  while (!at_end()) {
    const unsigned char c = peek();
    if (c == ' ' || c == '\t' || c == ',' || c == '\n' || c == '\r') {
      ++pos_;
    } else if (c == 0xef && peek(1) == 0xbb && peek(2) == 0xbf) {
      pos_ += 3;  // byte order mark
    } else if (c == '#') {
      while (!at_end() && peek() != '\n' && peek() != '\r') {
        unsigned code = 0;
        const std::size_t n = utf8_length(text_, pos_, code);
        if (n == 0) return;  // reported as the next token
        pos_ += n;
      }
    } else {
      return;
    }
  }
}

bool lexer::next(token& out, located_error& error) {
  skip_ignored();
  out.value.clear();
  out.start = static_cast<offset>(pos_);
  if (at_end()) {
    out.kind = token_kind::eof;
    out.end = out.start;
    out.raw = {};
    return true;
  }
  const unsigned char c = peek();
  auto punct = [&](token_kind k, std::size_t n) {
    out.kind = k;
    pos_ += n;
    out.end = static_cast<offset>(pos_);
    out.raw = text_.substr(out.start, n);
    return true;
  };
  switch (c) {
    case '!': return punct(token_kind::bang, 1);
    case '$': return punct(token_kind::dollar, 1);
    case '&': return punct(token_kind::amp, 1);
    case '(': return punct(token_kind::paren_l, 1);
    case ')': return punct(token_kind::paren_r, 1);
    case ':': return punct(token_kind::colon, 1);
    case '=': return punct(token_kind::equals, 1);
    case '@': return punct(token_kind::at, 1);
    case '[': return punct(token_kind::bracket_l, 1);
    case ']': return punct(token_kind::bracket_r, 1);
    case '{': return punct(token_kind::brace_l, 1);
    case '|': return punct(token_kind::pipe, 1);
    case '}': return punct(token_kind::brace_r, 1);
    case '.':
      if (peek(1) == '.' && peek(2) == '.') return punct(token_kind::spread, 3);
      break;
    case '"':
      return peek(1) == '"' && peek(2) == '"' ? read_block_string(out, error) : read_string(out, error);
    default: break;
  }
  if (is_digit(c) || c == '-') return read_number(out, error);
  if (is_name_start(c)) {
    std::size_t end = pos_ + 1;
    while (end < text_.size() && is_name_continue(static_cast<unsigned char>(text_[end]))) ++end;
    out.kind = token_kind::name;
    out.raw = text_.substr(pos_, end - pos_);
    pos_ = end;
    out.end = static_cast<offset>(end);
    return true;
  }
  unsigned code = 0;
  const bool valid = utf8_length(text_, pos_, code) != 0;
  if (c == '\'') {
    error = fail(pos_, "Unexpected single quote character ('), did you mean to use a double quote (\")?");
  } else {
    error = fail(pos_, (valid ? "Unexpected character: " : "Invalid character: ") + print_char(text_, pos_) + ".");
  }
  return false;
}

bool lexer::read_number(token& out, located_error& error) {
  const std::size_t start = pos_;
  bool is_float = false;
  auto digits = [&]() {
    if (!is_digit(peek())) {
      error = fail(pos_, "Invalid number, expected digit but got: " + print_char(text_, pos_) + ".");
      return false;
    }
    while (is_digit(peek())) ++pos_;
    return true;
  };
  if (peek() == '-') ++pos_;
  if (peek() == '0') {
    ++pos_;
    if (is_digit(peek())) {
      error = fail(pos_, "Invalid number, unexpected digit after 0: " + print_char(text_, pos_) + ".");
      return false;
    }
  } else if (!digits()) {
    return false;
  }
  if (peek() == '.') {
    is_float = true;
    ++pos_;
    if (!digits()) return false;
  }
  if (peek() == 'e' || peek() == 'E') {
    is_float = true;
    ++pos_;
    if (peek() == '+' || peek() == '-') ++pos_;
    if (!digits()) return false;
  }
  if (peek() == '.' || is_name_start(peek())) {
    error = fail(pos_, "Invalid number, expected digit but got: " + print_char(text_, pos_) + ".");
    return false;
  }
  out.kind = is_float ? token_kind::float_ : token_kind::int_;
  out.raw = text_.substr(start, pos_ - start);
  out.end = static_cast<offset>(pos_);
  return true;
}

std::optional<unsigned> lexer::read_hex(std::size_t from, std::size_t count) const {
  unsigned v = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (from + i >= text_.size()) return std::nullopt;
    const char c = text_[from + i];
    const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return std::nullopt;
    v = v * 16 + static_cast<unsigned>(d);
  }
  return v;
}

bool lexer::read_escape(std::string& out, located_error& error) {
  const std::size_t at = pos_;  // at the backslash
  auto bad_unicode = [&](std::size_t len) {
    error = fail(at, "Invalid Unicode escape sequence: \"" + std::string(text_.substr(at, len)) + "\".");
    return false;
  };
  if (peek(1) == 'u' && peek(2) == '{') {
    unsigned cp = 0;
    std::size_t i = at + 3;
    while (i < text_.size() && text_[i] != '}' && i - at < 12) {
      const auto d = read_hex(i, 1);
      if (!d || cp > 0x10ffff) return bad_unicode(i - at + 1);
      cp = cp * 16 + *d;
      ++i;
    }
    if (i >= text_.size() || text_[i] != '}' || i == at + 3 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return bad_unicode(std::min(i + 1, text_.size()) - at);
    append_utf8(out, cp);
    pos_ = i + 1;
    return true;
  }
  if (peek(1) == 'u') {
    const auto cp = read_hex(at + 2, 4);
    if (!cp) return bad_unicode(std::min<std::size_t>(6, text_.size() - at));
    if (*cp >= 0xd800 && *cp <= 0xdbff && peek(6) == '\\' && peek(7) == 'u') {
      const auto low = read_hex(at + 8, 4);
      if (low && *low >= 0xdc00 && *low <= 0xdfff) {
        append_utf8(out, 0x10000 + ((*cp - 0xd800) << 10) + (*low - 0xdc00));
        pos_ = at + 12;
        return true;
      }
    }
    if (*cp >= 0xd800 && *cp <= 0xdfff) return bad_unicode(6);
    append_utf8(out, *cp);
    pos_ = at + 6;
    return true;
  }
  const char c = static_cast<char>(peek(1));
  const char decoded = c == '"' ? '"' : c == '\\' ? '\\' : c == '/' ? '/' : c == 'b' ? '\b' : c == 'f' ? '\f'
                     : c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : 0;
  if (decoded == 0) {
    unsigned code = 0;
    const std::size_t n = at + 1 < text_.size() ? std::max<std::size_t>(1, utf8_length(text_, at + 1, code)) : 0;
    error = fail(at, "Invalid character escape sequence: \"" + std::string(text_.substr(at, 1 + n)) + "\".");
    return false;
  }
  out += decoded;
  pos_ = at + 2;
  return true;
}

bool lexer::read_string(token& out, located_error& error) {
  const std::size_t start = pos_;
  ++pos_;
  while (!at_end()) {
    const unsigned char c = peek();
    if (c == '"') {
      ++pos_;
      out.kind = token_kind::string;
      out.raw = text_.substr(start, pos_ - start);
      out.end = static_cast<offset>(pos_);
      return true;
    }
    if (c == '\\') {
      if (!read_escape(out.value, error)) return false;
      continue;
    }
    if (c == '\n' || c == '\r') break;
    unsigned code = 0;
    const std::size_t n = utf8_length(text_, pos_, code);
    if (n == 0) {
      error = fail(pos_, "Invalid character within String: " + print_char(text_, pos_) + ".");
      return false;
    }
    out.value.append(text_.substr(pos_, n));
    pos_ += n;
  }
  error = fail(pos_, "Unterminated string.");
  return false;
}

bool lexer::read_block_string(token& out, located_error& error) {
  const std::size_t start = pos_;
  pos_ += 3;
  std::vector<std::string> lines(1);
  while (!at_end()) {
    const unsigned char c = peek();
    if (c == '"' && peek(1) == '"' && peek(2) == '"') {
      pos_ += 3;
      out.kind = token_kind::block_string;
      out.value = dedent(lines);
      out.raw = text_.substr(start, pos_ - start);
      out.end = static_cast<offset>(pos_);
      return true;
    }
    if (c == '\\' && peek(1) == '"' && peek(2) == '"' && peek(3) == '"') {
      lines.back() += "\"\"\"";
      pos_ += 4;
      continue;
    }
    if (c == '\n' || c == '\r') {
      pos_ += (c == '\r' && peek(1) == '\n') ? 2 : 1;
      lines.emplace_back();
      continue;
    }
    unsigned code = 0;
    const std::size_t n = utf8_length(text_, pos_, code);
    if (n == 0) {
      error = fail(pos_, "Invalid character within String: " + print_char(text_, pos_) + ".");
      return false;
    }
    lines.back().append(text_.substr(pos_, n));
    pos_ += n;
  }
  error = fail(pos_, "Unterminated string.");
  return false;
}

}  // namespace wmpulse::graphql
