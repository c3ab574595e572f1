#pragma once
// An HTTP proxy for outbound TLS connections, read from the environment as curl and the Genesys
// SDKs read it (HTTPS_PROXY, NO_PROXY). Through it a client opens a CONNECT tunnel and speaks TLS
// end to end: the proxy sees only the host and port, never the requests or the tokens.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace wmpulse::net {

struct proxy_settings {
  std::string host;                   // the proxy itself (IPv6 literals without brackets)
  std::string port;                   // 3128 … ; the scheme's default when the URL has none
  std::string authorization;          // "Basic …" when the proxy URL carries user:password; a secret
  std::vector<std::string> no_proxy;  // host names, domain suffixes (".corp" or "corp"), IPs, or "*"
  // Whether a connection to `host` goes through the proxy (NO_PROXY does not name it).
  bool applies_to(std::string_view host) const;
  // "http://proxy.corp:3128" — without the credentials, fit for a log line.
  std::string display() const;
};

using environment = std::function<std::optional<std::string>(std::string_view name)>;

// HTTPS_PROXY (or https_proxy) and NO_PROXY (or no_proxy); nullopt when no proxy is set. A
// malformed proxy URL is an error naming the variable and never its credentials.
core::result<std::optional<proxy_settings>, std::string> proxy_from_environment(const environment& env);

// "Basic base64(user:password)" (RFC 7617).
std::string basic_authorization(std::string_view user, std::string_view password);

}  // namespace wmpulse::net
