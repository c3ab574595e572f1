#pragma once
// The wmpulse GraphQL API: the schema (docs in every description) and the service the
// transports use. Execute with the root value graphql_root() makes of an api::root_state.
#include <memory>

#include "api/root_state.hpp"
#include "graphql/schema.hpp"
#include "graphql/service.hpp"

namespace wmpulse::api {

using limits = graphql::limits;

std::shared_ptr<const graphql::schema> make_schema();
std::shared_ptr<graphql::service> make_service(const limits& l = {});

}  // namespace wmpulse::api
