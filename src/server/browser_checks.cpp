#include "server/browser_checks.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"

namespace wmpulse::server {
namespace {

using core::trim;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "Example.com:80" → "example.com"; "[::1]:4000" → "[::1]".
std::string host_name(std::string_view host) {
  host = trim(host);
  auto colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(']', colon) == std::string_view::npos) host = host.substr(0, colon);
  return lower(host);
}

// The origin with the scheme's default port dropped, lower case, no trailing slash.
std::string normal_origin(std::string_view origin) {
  std::string o = lower(trim(origin));
  while (!o.empty() && o.back() == '/') o.pop_back();
  for (std::string_view def : {std::string_view("http://|:80"), std::string_view("https://|:443")}) {
    auto bar = def.find('|');
    auto scheme = def.substr(0, bar), port = def.substr(bar + 1);
    if (o.starts_with(scheme) && o.ends_with(port)) o.resize(o.size() - port.size());
  }
  return o;
}

http_answer forbidden(std::string why) {
  http_answer a;
  a.status = 403;
  a.content_type = "text/plain; charset=utf-8";
  a.body = "403 Forbidden: " + std::move(why) + "\n";
  a.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return a;
}

std::string shown(std::string_view untrusted) {
  std::string out;
  for (char c : untrusted.substr(0, 100)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

}  // namespace

std::optional<http_answer> check_host(const browser_policy& policy, std::string_view host) {
  if (policy.allowed_hosts.empty()) return std::nullopt;
  const std::string name = host_name(host);
  for (const auto& allowed : policy.allowed_hosts)
    if (host_name(allowed) == name) return std::nullopt;
  return forbidden("the Host '" + shown(host) + "' is not one this server answers to (--allowed-hosts)");
}

std::optional<http_answer> check_origin(const browser_policy& policy, std::string_view origin, std::string_view host) {
  if (origin.empty()) return std::nullopt;
  const std::string o = normal_origin(origin);
  const std::string h = lower(trim(host));
  if (!h.empty() && (o == normal_origin("http://" + h) || o == normal_origin("https://" + h))) return std::nullopt;
  for (const auto& allowed : policy.allowed_origins)
    if (allowed == "*" || normal_origin(allowed) == o) return std::nullopt;
  return forbidden("requests from the origin '" + shown(origin) +
                   "' are not allowed: it is not this server's origin nor in --allowed-origins");
}

}  // namespace wmpulse::server
