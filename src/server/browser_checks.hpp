#pragma once
// Checks that keep a browser on another site from using the server: the Origin of a
// WebSocket upgrade or a GraphQL GET must be the served origin (http(s)://<Host>) or one
// allowed explicitly, and, when host names are configured, the Host must be one of them
// (a DNS-rebinding page reaches the server under its own name). A request without Origin
// (curl, server-side clients) is not a cross-site one and passes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http_exchange.hpp"

namespace wmpulse::server {

struct browser_policy {
  std::vector<std::string> allowed_origins{};  // e.g. "https://dash.example.com"; "*" allows any
  std::vector<std::string> allowed_hosts{};    // empty: any Host; names without port
};

// The 403 to send when `host` (a Host header, port included or not) is not allowed.
std::optional<http_answer> check_host(const browser_policy& policy, std::string_view host);
// The 403 to send when `origin` (empty when absent) is neither the served origin nor allowed.
std::optional<http_answer> check_origin(const browser_policy& policy, std::string_view origin, std::string_view host);

}  // namespace wmpulse::server
