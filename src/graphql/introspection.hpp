#pragma once
// Introspection (spec §4) as ordinary types and resolvers over the schema model.
#include <array>

#include "graphql/directives.hpp"

namespace wmpulse::graphql {

void add_introspection_types(schema_builder& b);
// __schema, __type(name:) and __typename, in that order.
std::array<field_def, 3> meta_fields(const schema& s, const type_resolver& ref);

}  // namespace wmpulse::graphql
