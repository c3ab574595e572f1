#pragma once
// Input coercion (spec §3.5, §5.6, §6.4.1): JSON variable values and literals to the coerced
// JSON form resolvers see, and the checks validation needs on literals.
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "graphql/ast.hpp"
#include "graphql/errors.hpp"
#include "graphql/schema.hpp"

namespace wmpulse::graphql {

// A JSON value (from the request's variables) to `type`. On failure, `error` explains why,
// naming the path inside the value ("at \"v.x[0]\"") when there is one.
bool coerce_json(const type_ref& type, const boost::json::value& in, boost::json::value& out, std::string& error,
                 const std::string& path = {});

enum class literal_outcome : unsigned char { value, absent, invalid };

// A literal to `type`; variables are looked up in `vars` (already coerced); `vars` may be
// null when no variables are known (validation), in which case a variable is `absent`.
literal_outcome coerce_literal(const type_ref& type, const ast_value& literal, const boost::json::object* vars,
                               boost::json::value& out);

// Why a literal without variables is not a valid value of `type`, or empty when it is
// (used by the ValuesOfCorrectType rule). Variables inside are taken as valid.
std::string literal_problem(const type_ref& type, const ast_value& literal, offset& where);

// CoerceVariableValues: errors are located at the variable definitions.
bool coerce_variables(const schema& s, const operation_definition& op, const boost::json::object& in,
                      boost::json::object& out, std::vector<located_error>& errors);

// CoerceArgumentValues for a field or directive.
bool coerce_arguments(const std::vector<input_value>& defs, const std::vector<argument>& args,
                      const boost::json::object& vars, boost::json::object& out, located_error& error);

// The schema type a variable definition's type names, or nullptr (an unknown type name).
type_ptr resolve_type(const schema& s, const type_node& node);

// Renders an AST value as GraphQL source, for messages.
std::string print_ast_value(const ast_value& v);

}  // namespace wmpulse::graphql
