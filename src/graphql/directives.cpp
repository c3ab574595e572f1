#include "graphql/directives.hpp"

#include "graphql/ast_from_value.hpp"

namespace wmpulse::graphql {

using boost::json::value;

std::vector<directive_def> builtin_directives(const type_resolver& ref) {
  using L = directive_location;
  auto arg = [&](std::string name, std::string type, std::string desc, std::optional<value> def = {}) {
    input_value v{std::move(name), std::move(desc), ref(type), def, {}, {}};
    if (def) v.default_literal = print_literal(*def, *v.type);
    return v;
  };
  std::vector<directive_def> ds;
  ds.push_back({"include", "Includes this field or fragment only when the `if` argument is true.",
                {L::field, L::fragment_spread, L::inline_fragment}, {arg("if", "Boolean!", "Included when true.")}, false});
  ds.push_back({"skip", "Skips this field or fragment when the `if` argument is true.",
                {L::field, L::fragment_spread, L::inline_fragment}, {arg("if", "Boolean!", "Skipped when true.")}, false});
  ds.push_back({"deprecated", "Marks an element of the schema as no longer supported.",
                {L::field_definition, L::argument_definition, L::input_field_definition, L::enum_value, L::directive_definition},
                {arg("reason", "String", "Why it is deprecated and what to use instead (Markdown).", value("No longer supported"))}, false});
  ds.push_back({"specifiedBy", "Gives the URL of the specification of a custom scalar.", {L::scalar},
                {arg("url", "String!", "The URL of the specification.")}, false});
  return ds;
}

}  // namespace wmpulse::graphql
