#pragma once
// Adapts graphql::service to the graphql-transport-ws session: prepare() parses, validates
// and selects the operation (request errors go back as an `error` message); execute runs it
// against the root it is handed (the hub's published root), once per call.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "server/graphql_ws_backend.hpp"

namespace wmpulse::graphql {
class service;
}

namespace wmpulse::server {

// The document's lexical tokens as a string: equal for texts that differ only in comments,
// commas or whitespace. nullopt when the text does not lex.
std::optional<std::string> token_key(std::string_view query);

class graphql_service_backend final : public graphql_ws_backend {
public:
  explicit graphql_service_backend(std::shared_ptr<const graphql::service> service);

  core::result<ws_operation, boost::json::array> prepare(const ws_request& request) override;

private:
  std::shared_ptr<const graphql::service> service_;
};

}  // namespace wmpulse::server
