#include "net/connect.hpp"

namespace wmpulse::net {

std::string_view to_string(connect_step step) {
  switch (step) {
    case connect_step::resolve: return "resolve";
    case connect_step::connect: return "connect";
    case connect_step::tls_handshake: return "TLS handshake";
    case connect_step::websocket_handshake: return "WebSocket handshake";
  }
  return "unknown";
}

asio::awaitable<std::optional<connect_error>> tcp_connect(beast::tcp_stream& tcp, const endpoint_url& url,
                                                          std::chrono::milliseconds timeout) {
  tcp::resolver resolver(tcp.get_executor());
  auto [rec, endpoints] = co_await resolver.async_resolve(url.host, url.port, asio::as_tuple(asio::use_awaitable));
  if (rec) co_return connect_error{connect_step::resolve, rec, 0, "resolve " + url.host + ": " + rec.message()};
  tcp.expires_after(timeout);
  auto [cec, endpoint] = co_await tcp.async_connect(endpoints, asio::as_tuple(asio::use_awaitable));
  if (cec) co_return connect_error{connect_step::connect, cec, 0, "connect " + url.host_header() + ": " + cec.message()};
  co_return std::nullopt;
}

namespace detail {

connect_error websocket_refusal(const beast::error_code& ec, unsigned response_status) {
  // An HTTP answer other than 101 says why (401: not authorized, 404: no such stream); the
  // response's status means nothing when no answer came.
  const unsigned http_status = ec == websocket::error::upgrade_declined ? response_status : 0;
  std::string message = http_status ? "WebSocket upgrade refused (HTTP " + std::to_string(http_status) + ")"
                                    : "WebSocket handshake: " + ec.message();
  return connect_error{connect_step::websocket_handshake, ec, http_status, std::move(message)};
}

}  // namespace detail
}  // namespace wmpulse::net
