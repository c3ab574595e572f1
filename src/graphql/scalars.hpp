#pragma once
// The built-in scalars (spec §3.5: Int, Float, String, Boolean, ID), each with its own
// serialize, parse_value and parse_literal, and the defaults a custom scalar gets.
#include <string>

#include "graphql/schema.hpp"

namespace wmpulse::graphql {

void add_builtin_scalars(schema_builder& b);

// `b` with every member it leaves empty filled in (see scalar_behaviour); `name` is the
// scalar's, for the message of a literal it rejects.
scalar_behaviour with_defaults(const std::string& name, scalar_behaviour b);

}  // namespace wmpulse::graphql
