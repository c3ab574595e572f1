#pragma once
// The inputs of an execution (spec §6.1.2, §6.4.1; graphql-js execution/values): the
// request's variables and each field's or directive's arguments, coerced.
#include <vector>

#include <boost/json/object.hpp>

#include "graphql/ast.hpp"
#include "graphql/errors.hpp"
#include "graphql/schema.hpp"

namespace wmpulse::graphql {

// CoerceVariableValues: errors are located at the variable definitions.
bool coerce_variables(const schema& s, const operation_definition& op, const boost::json::object& in,
                      boost::json::object& out, std::vector<located_error>& errors);

// CoerceArgumentValues for a field or directive.
bool coerce_arguments(const std::vector<input_value>& defs, const std::vector<argument>& args,
                      const boost::json::object& vars, boost::json::object& out, located_error& error);

}  // namespace wmpulse::graphql
