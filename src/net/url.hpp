#pragma once
// An absolute http/https/ws/wss URL split into what a client needs to connect.
#include <optional>
#include <string>
#include <string_view>

namespace wmpulse::net {

struct endpoint_url {
  std::string scheme;  // http, https, ws or wss
  std::string host;    // without brackets for IPv6 literals
  std::string port;    // explicit or the scheme's default
  std::string target;  // path and query, at least "/"
  bool tls() const { return scheme == "https" || scheme == "wss"; }
  bool default_port() const;
  // host[:port] as it goes in the Host header (IPv6 literals bracketed).
  std::string host_header() const;
};

// nullopt when the text is not an absolute URL of one of the four schemes, or carries
// user info (credentials never travel in URLs).
std::optional<endpoint_url> parse_endpoint_url(std::string_view text);

}  // namespace wmpulse::net
