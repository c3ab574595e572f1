#pragma once
// A coerced input value back to GraphQL source (graphql-js astFromValue, then print), for
// the default values introspection shows.
#include <string>

#include <boost/json/value.hpp>

#include "graphql/schema.hpp"

namespace wmpulse::graphql {

// `v` printed as a literal of `type`: "60", "\"x\"", "RED", "{a: 1}".
std::string print_literal(const boost::json::value& v, const type_ref& type);

}  // namespace wmpulse::graphql
