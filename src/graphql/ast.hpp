#pragma once
// The executable-document AST. Names point into the query text (string_view), which the
// prepared_document keeps alive; positions are byte offsets, turned into line/column only
// when an error is reported (source_map).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "graphql/service.hpp"

namespace wmpulse::graphql {

using offset = std::uint32_t;

struct object_field;

struct ast_value {
  enum class kind : unsigned char { variable, int_, float_, string, boolean, null, enum_, list, object };
  kind what = kind::null;
  offset at = 0;
  std::string_view raw;   // variable name, number text or enum name
  std::string text;       // decoded string value
  bool boolean = false;
  std::vector<ast_value> items;                                  // list
  std::vector<object_field> fields;  // object, in source order
  std::vector<offset> field_at;      // object: where each field name is
};

struct object_field {
  std::string_view name;
  ast_value value;
};

struct argument {
  std::string_view name;
  ast_value value;
  offset at = 0;
};

struct directive {
  std::string_view name;
  std::vector<argument> args;
  offset at = 0;
};

struct type_node {
  enum class kind : unsigned char { named, list, non_null };
  kind what = kind::named;
  std::string_view name;
  std::shared_ptr<const type_node> of;
  offset at = 0;
  std::string to_string() const;
};

struct selection;
struct selection_set {
  std::vector<selection> items;
  offset at = 0;
};

struct field {
  std::string_view alias;  // empty when none
  std::string_view name;
  std::vector<argument> args;
  std::vector<directive> directives;
  selection_set selections;  // empty when the field has none
  bool has_selections = false;
  offset at = 0;
  std::string_view response_key() const { return alias.empty() ? name : alias; }
};

struct fragment_spread {
  std::string_view name;
  offset name_at = 0;
  std::vector<directive> directives;
  offset at = 0;
};

struct inline_fragment {
  std::string_view type_condition;  // empty when none
  offset type_at = 0;
  std::vector<directive> directives;
  selection_set selections;
  offset at = 0;
};

struct selection {
  std::variant<field, fragment_spread, inline_fragment> node;
};

struct variable_definition {
  std::string_view name;
  offset name_at = 0;
  std::shared_ptr<const type_node> type;
  std::optional<ast_value> default_value;
  std::vector<directive> directives;
  offset at = 0;
};

struct operation_definition {
  operation_kind kind = operation_kind::query;
  std::string_view name;
  offset name_at = 0;
  std::vector<variable_definition> variables;
  std::vector<directive> directives;
  selection_set selections;
  offset at = 0;
};

struct fragment_definition {
  std::string_view name;
  offset name_at = 0;
  std::string_view type_condition;
  offset type_at = 0;
  std::vector<directive> directives;
  selection_set selections;
  offset at = 0;
};

// A type-system definition met in an executable document: kept only to be reported.
struct foreign_definition {
  std::string_view name;  // the defined type's name, or "schema"
  offset at = 0;
};

// Maps byte offsets to 1-based line and column as graphql-js counts them (UTF-16 units;
// lines end at \n, \r\n or \r).
class source_map {
public:
  explicit source_map(std::string_view text);
  std::pair<int, int> line_column(offset at) const;

private:
  // UTF-16 code units in text_[0, at): columns count those, as graphql-js does.
  std::size_t units_before(offset at) const;

  static constexpr std::size_t block = 64;
  std::string_view text_;
  std::vector<offset> line_starts_;
  // units_before(k * block) for every block: a column costs at most one block's scan, so that
  // reporting many errors on one long line stays linear.
  std::vector<std::size_t> block_units_;
};

struct document {
  std::vector<operation_definition> operations;
  std::vector<fragment_definition> fragments;
  std::vector<foreign_definition> foreign;
  std::size_t token_count = 0;
  std::unordered_map<std::string_view, std::size_t> fragment_index;  // name -> first fragment so named
  const fragment_definition* find_fragment(std::string_view name) const;  // constant time
};

}  // namespace wmpulse::graphql
