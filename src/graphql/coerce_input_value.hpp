#pragma once
// A variable's JSON value to the value resolvers see (spec §3.5 input coercion; graphql-js
// coerceInputValue).
#include <string>

#include <boost/json/value.hpp>

#include "graphql/schema.hpp"

namespace wmpulse::graphql {

// `in` to `type`. On failure, `error` explains why, naming the path inside the value
// ("at \"v.x[0]\"") when there is one.
bool coerce_input_value(const type_ref& type, const boost::json::value& in, boost::json::value& out, std::string& error,
                        const std::string& path = {});

}  // namespace wmpulse::graphql
