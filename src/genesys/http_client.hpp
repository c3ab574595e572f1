#pragma once
// A small HTTP(S) client for the REST calls: one request per connection (the calls are few
// and far between), TLS verified as in net/tls.hpp, a deadline per request. An interface, so
// the token cache and the API client can be tested against a fake.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "net/net.hpp"
#include "net/proxy.hpp"

namespace wmpulse::genesys {

namespace asio = net::asio;
namespace http = net::http;

struct http_request {
  http::verb method = http::verb::get;
  std::string url;  // absolute; never carries a secret
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;
  std::string body;
};

struct http_response {
  unsigned status = 0;
  std::string body;
  std::optional<std::string> retry_after;
};

struct transport_error {
  std::string message;
};

using http_result = core::result<http_response, transport_error>;

class http_transport {
public:
  virtual ~http_transport() = default;
  // By reference: GCC 12 mis-destroys class-type by-value coroutine parameters. The caller
  // keeps the request alive until the call completes (it co_awaits it at once).
  virtual asio::awaitable<http_result> send(const http_request& request) = 0;
};

class beast_http_transport final : public http_transport {
public:
  // `tls` must outlive the transport.
  beast_http_transport(net::ssl::context& tls, core::millis timeout_ms, std::optional<net::proxy_settings> proxy = {});
  asio::awaitable<http_result> send(const http_request& request) override;

private:
  net::ssl::context& tls_;
  core::millis timeout_ms_;
  std::optional<net::proxy_settings> proxy_;
};

// A longer Retry-After is taken as this: a peer cannot park the connector for hours (or overflow).
inline constexpr long long max_retry_after_s = 600;

// Retry-After in seconds → milliseconds, at most max_retry_after_s; nullopt when absent or not
// a number of seconds.
std::optional<core::millis> retry_after_ms(const http_response& r);

}  // namespace wmpulse::genesys
