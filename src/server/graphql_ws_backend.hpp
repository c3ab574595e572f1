#pragma once
// What the graphql-transport-ws session needs from a GraphQL engine, kept small so that the
// protocol and the fan-out are testable with a fake. graphql_service_backend adapts
// graphql::service to it.
#include <functional>
#include <optional>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/result.hpp"

namespace wmpulse::server {

// The payload of a `subscribe` message.
struct ws_request {
  std::string query;
  std::optional<std::string> operation_name;
  boost::json::object variables;
};

// A parsed, validated operation with its operation chosen and its variables bound.
struct ws_operation {
  bool subscription = false;
  // Equal keys promise equal results: subscriptions with one key share one execution per
  // tick. The adapter builds it from (document, operationName, variables).
  std::string key;
  // Runs the operation against the current root: {"data", "errors"?}, or {"errors"} alone
  // for a request error (e.g. variable coercion). Thread-safe; called from any thread.
  std::function<boost::json::object()> execute;
};

class graphql_ws_backend {
public:
  virtual ~graphql_ws_backend() = default;

  // connection_init: the payload (null when absent) → the connection_ack payload (an empty
  // object sends none), or nullopt to refuse the connection with 4403 Forbidden.
  virtual std::optional<boost::json::object> accept(const boost::json::object* init_payload) {
    (void)init_payload;
    return boost::json::object{};
  }

  // Parse, validate and select the operation; GraphQL errors ({"message","locations"?}) when
  // the document cannot run. Those go back in an `error` message.
  virtual core::result<ws_operation, boost::json::array> prepare(const ws_request& request) = 0;
};

}  // namespace wmpulse::server
