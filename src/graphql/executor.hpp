#pragma once
// Execution (spec §6): field collection with @skip/@include, argument coercion, resolvers,
// value completion, null propagation, errors with path and locations, keys in request order.
#include <any>

#include <boost/json/object.hpp>

#include "graphql/ast.hpp"
#include "graphql/schema.hpp"

namespace wmpulse::graphql {

struct execution_request {
  const schema& types;
  const document& doc;
  std::string_view text;  // the query text, for error locations (mapped only when an error occurs)
  const operation_definition& operation;
  const boost::json::object& variables;  // coerced
  const std::any& root;
  std::size_t max_response_bytes = static_cast<std::size_t>(-1);
};

// {"data": …} plus "errors" when a field failed; or, as soon as the response grows past
// max_response_bytes (its JSON size estimated as values are completed), {"errors": […]}
// alone, naming the limit.
boost::json::object execute_operation(const execution_request& request);

}  // namespace wmpulse::graphql
