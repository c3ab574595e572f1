#include "net/connect.hpp"

#include <boost/beast/http.hpp>

namespace wmpulse::net {

std::string_view to_string(connect_step step) {
  switch (step) {
    case connect_step::resolve: return "resolve";
    case connect_step::connect: return "connect";
    case connect_step::proxy_tunnel: return "proxy tunnel";
    case connect_step::tls_handshake: return "TLS handshake";
    case connect_step::websocket_handshake: return "WebSocket handshake";
  }
  return "unknown";
}

namespace {

template <class TcpStream>
asio::awaitable<std::optional<connect_error>> connect_to(TcpStream& tcp, const std::string& host,
                                                         const std::string& port, const std::string& name,
                                                         std::chrono::milliseconds timeout) {
  tcp::resolver resolver(tcp.get_executor());
  auto [rec, endpoints] = co_await resolver.async_resolve(host, port, asio::as_tuple(asio::use_awaitable));
  if (rec) co_return connect_error{connect_step::resolve, rec, 0, "resolve " + host + ": " + rec.message()};
  tcp.expires_after(timeout);
  auto [cec, endpoint] = co_await tcp.async_connect(endpoints, asio::as_tuple(asio::use_awaitable));
  if (cec) co_return connect_error{connect_step::connect, cec, 0, "connect " + name + ": " + cec.message()};
  co_return std::nullopt;
}

// CONNECT host:port (RFC 9110 §9.3.6); any 2xx opens the tunnel. The client speaks first once
// the tunnel is open (TLS), so nothing of the target's can be buffered past the proxy's header.
template <class TcpStream>
asio::awaitable<std::optional<connect_error>> open_tunnel(TcpStream& tcp, const endpoint_url& url,
                                                          const proxy_settings& proxy) {
  namespace http = beast::http;
  const bool v6 = url.host.find(':') != std::string::npos;
  const std::string authority = (v6 ? "[" + url.host + "]" : url.host) + ":" + url.port;
  http::request<http::empty_body> req{http::verb::connect, authority, 11};
  req.set(http::field::host, authority);
  if (!proxy.authorization.empty()) req.set(http::field::proxy_authorization, proxy.authorization);
  const auto where = "proxy " + proxy.display() + ": CONNECT " + authority;
  auto [wec, wn] = co_await http::async_write(tcp, req, asio::as_tuple(asio::use_awaitable));
  if (wec) co_return connect_error{connect_step::proxy_tunnel, wec, 0, where + ": " + wec.message()};
  beast::flat_buffer buffer;
  http::response_parser<http::empty_body> parser;
  parser.skip(true);  // a CONNECT answer has no body, whatever its headers say
  auto [rec, rn] = co_await http::async_read_header(tcp, buffer, parser, asio::as_tuple(asio::use_awaitable));
  if (rec) co_return connect_error{connect_step::proxy_tunnel, rec, 0, where + ": " + rec.message()};
  const unsigned status = parser.get().result_int();
  if (status / 100 != 2)
    co_return connect_error{connect_step::proxy_tunnel, {}, status,
                            where + " refused (HTTP " + std::to_string(status) + (status == 407 ? ": proxy authentication required)" : ")")};
  if (buffer.size() != 0)
    co_return connect_error{connect_step::proxy_tunnel, {}, status, where + ": the proxy sent bytes before the client spoke"};
  co_return std::nullopt;
}

}  // namespace

template <class TcpStream>
asio::awaitable<std::optional<connect_error>> tcp_connect(TcpStream& tcp, const endpoint_url& url,
                                                          std::chrono::milliseconds timeout,
                                                          const proxy_settings* proxy) {
  if (!proxy || !proxy->applies_to(url.host)) co_return co_await connect_to(tcp, url.host, url.port, url.host_header(), timeout);
  auto error = co_await connect_to(tcp, proxy->host, proxy->port, "proxy " + proxy->display(), timeout);
  if (!error) error = co_await open_tunnel(tcp, url, *proxy);
  co_return error;
}

template asio::awaitable<std::optional<connect_error>> tcp_connect(beast::tcp_stream&, const endpoint_url&,
                                                                   std::chrono::milliseconds, const proxy_settings*);
template asio::awaitable<std::optional<connect_error>> tcp_connect(context_tcp_stream&, const endpoint_url&,
                                                                   std::chrono::milliseconds, const proxy_settings*);

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
