#pragma once
// The transport-neutral view of one HTTP exchange, so that route handlers (the service's
// GraphQL over HTTP, static files and /metrics; the simulator's Genesys API) are plain
// functions, testable without a socket.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/net.hpp"

namespace wmpulse::net {

// The path of a request target: before any query or fragment.
std::string_view target_path(std::string_view target);

struct http_request_view {
  std::string_view method;  // "GET", "POST", …
  std::string_view target;  // path and query, as received
  std::string_view body;
  // Header value by case-insensitive name; empty when absent.
  std::function<std::string_view(std::string_view name)> header;

  std::string_view path() const { return target_path(target); }
  std::string_view query() const;  // after '?', undecoded; empty when none
};

struct http_answer {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Allow, Cache-Control, …)
  // When set, sent instead of `body` without a copy (cached static files, shared by requests).
  std::shared_ptr<const std::string> shared_body{};
  // When set (a kept answer, server/response_head.hpp), the whole answer as sent to an HTTP/1.1
  // request other than HEAD that keeps the connection open: head and body, serialized once.
  std::shared_ptr<const std::string> wire{};

  std::string_view body_view() const { return shared_body ? std::string_view(*shared_body) : std::string_view(body); }
};

// A text/plain answer (UTF-8).
http_answer text_answer(unsigned status, std::string body);

// The view of a request Beast parsed; valid while `request` lives.
http_request_view view_of(const http::request<http::string_body>& request);

}  // namespace wmpulse::net
