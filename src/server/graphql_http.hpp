#pragma once
// GraphQL over HTTP (the GraphQL-over-HTTP specification) as a plain route handler:
// POST application/json and GET with query/variables/operationName/extensions parameters
// (queries only: a mutation over GET is 405), application/graphql-response+json or
// application/json chosen by Accept (406 when neither is acceptable), 405 for other methods,
// 415 for other request media types, 413 over the body limit, 400 for malformed requests.
//
// Status codes: with application/json every well-formed request gets 200 (errors in the
// body); with application/graphql-response+json a request error (syntax, validation,
// operation selection, variable coercion) gets 400 and no "data", an executed operation 200.
//
// Reuse: an identical request (method, Accept, Content-Type, body or target) against the same
// published root gets the answer computed for the first one, as long as that root is current
// (server/answer_cache.hpp); a new publication is a new root, so the answer follows the snapshot.
#include <cstddef>
#include <functional>
#include <memory>

#include "graphql/service.hpp"
#include "server/answer_cache.hpp"
#include "server/graphql_ws_backend.hpp"
#include "server/http_exchange.hpp"
#include "server/router.hpp"

namespace wmpulse::server {

class graphql_http_handler {
public:
  using root_provider = std::function<published_root()>;  // the current root; thread-safe
  struct options {
    std::size_t max_body_bytes = 1 << 20;
    std::size_t reuse_max_request_bytes = 4096;  // larger requests are always computed
  };

  graphql_http_handler(const graphql::service& service, root_provider root, options o);
  graphql_http_handler(const graphql::service& service, root_provider root)
      : graphql_http_handler(service, std::move(root), options{}) {}

  http_answer handle(const http_request_view& request) const;
  // The answer an identical request got against the current root, if it is kept: what the
  // router asks on the I/O thread (reuse_lookup) before sending the request to a worker.
  std::optional<http_answer> kept_answer(const http_request_view& request) const;
  // Answers reused so far (identical request, same root).
  std::uint64_t reused() const { return cache_->hits(); }
  http_answer operator()(const http_request_view& request) const { return handle(request); }

  // Requests whose document is larger than `light_max_bytes` run on the heavy lane, so that
  // the common small queries do not wait behind them (router's lane_selector).
  static route_lane lane_of(const http_request_view& request, std::size_t light_max_bytes = 2048);

  // A browser navigating to the endpoint (GET, Accept preferring text/html): the router
  // serves GraphiQL's index.html instead of calling handle().
  static bool wants_html(const http_request_view& request);

private:
  http_answer answer(const http_request_view& request, const published_root& root) const;

  const graphql::service& service_;
  root_provider root_;
  options options_;
  std::unique_ptr<answer_cache> cache_ = std::make_unique<answer_cache>();
};

}  // namespace wmpulse::server
