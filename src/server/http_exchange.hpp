#pragma once
// The transport-neutral view of one HTTP exchange, so that route handlers (GraphQL over HTTP,
// static files, /metrics) are plain functions, testable without a socket.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wmpulse::server {

struct http_request_view {
  std::string_view method;  // "GET", "POST", …
  std::string_view target;  // path and query, as received
  std::string_view body;
  // Header value by case-insensitive name; empty when absent.
  std::function<std::string_view(std::string_view name)> header;
};

struct http_answer {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Allow, Cache-Control, …)
  // When set, sent instead of `body` without a copy (cached static files, shared by requests).
  std::shared_ptr<const std::string> shared_body{};

  std::string_view body_view() const { return shared_body ? std::string_view(*shared_body) : std::string_view(body); }
};

using route_handler = std::function<http_answer(const http_request_view&)>;

}  // namespace wmpulse::server
