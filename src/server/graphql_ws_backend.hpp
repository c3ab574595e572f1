#pragma once
// What the graphql-transport-ws session needs from a GraphQL engine, kept small so that the
// protocol and the fan-out are testable with a fake. graphql_service_backend adapts
// graphql::service to it.
#include <any>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/result.hpp"

namespace wmpulse::server {

// What one publication's operations run against, as the composition root published it: opaque
// to the server (it holds what graphql::service::execute takes), immutable and shared. Every
// subscription re-executed for a tick gets the same one; null before the first publication.
using published_root = std::shared_ptr<const std::any>;

// The value `root` holds; an empty std::any when it is null.
inline const std::any& root_value(const published_root& root) {
  static const std::any none;
  return root ? *root : none;
}

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
  // Runs the operation against `root` (a published_root's value): {"data", "errors"?}, or
  // {"errors"} alone for a request error (e.g. variable coercion). Thread-safe; called from
  // any thread.
  std::function<boost::json::object(const std::any& root)> execute;
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
