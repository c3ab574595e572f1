#pragma once
// The built-in scalars (Int, Float, String, Boolean, ID) and directives (@include, @skip,
// @deprecated, @specifiedBy), and the printing of default values as GraphQL literals.
#include <functional>
#include <string>
#include <vector>

#include "graphql/schema.hpp"

namespace wmpulse::graphql {

using type_resolver = std::function<type_ptr(const std::string&)>;

void add_builtin_scalars(schema_builder& b);
std::vector<directive_def> builtin_directives(const type_resolver& ref);
bool is_builtin_scalar(std::string_view name);

// A coerced input value printed as a GraphQL literal of the given type ("60", "\"x\"", "RED").
std::string print_literal(const boost::json::value& v, const type_ref& type);

}  // namespace wmpulse::graphql
