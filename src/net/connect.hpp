#pragma once
// A client's way in, written once for every client of ours: resolve the host, TCP connect, the
// TLS handshake with SNI and the host-name check (net/tls.hpp) when the stream has a TLS layer,
// and for a WebSocket its handshake; one deadline from the connect on. The steps that run over
// a stream are templates, so tests drive them on beast::test::stream.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "net/net.hpp"
#include "net/proxy.hpp"
#include "net/tls.hpp"
#include "net/url.hpp"

namespace wmpulse::net {

enum class connect_step { resolve, connect, proxy_tunnel, tls_handshake, websocket_handshake };
std::string_view to_string(connect_step step);

struct connect_error {
  connect_step step = connect_step::resolve;
  beast::error_code ec;
  unsigned http_status = 0;  // the peer's status when it answered the upgrade with HTTP (401, 404, …)
  std::string message;       // names the step and the peer, e.g. "connect example.com:443: Connection refused"
};

// Each returns nullopt when its step succeeded.

// Resolves url's host and connects `tcp` to the first address that accepts. The deadline
// (`timeout`) starts once the host is resolved and stays on the stream for the steps after.
// With a proxy that applies to url's host, connects to the proxy instead and opens a CONNECT
// tunnel to url's host and port; the stream then carries the TLS session end to end.
template <class TcpStream>
asio::awaitable<std::optional<connect_error>> tcp_connect(TcpStream& tcp, const endpoint_url& url,
                                                          std::chrono::milliseconds timeout,
                                                          const proxy_settings* proxy = nullptr);

// A TCP stream on an io_context's own executor: the work guard each of its operations takes is
// a counter, not a type-erased executor's copy (the tutorial source reads a frame through three
// such operations). tcp_connect is compiled for it and for beast::tcp_stream.
using context_tcp_stream = beast::basic_stream<tcp, asio::io_context::executor_type>;
extern template asio::awaitable<std::optional<connect_error>> tcp_connect(beast::tcp_stream&, const endpoint_url&,
                                                                          std::chrono::milliseconds, const proxy_settings*);
extern template asio::awaitable<std::optional<connect_error>> tcp_connect(context_tcp_stream&, const endpoint_url&,
                                                                          std::chrono::milliseconds, const proxy_settings*);

// The client TLS handshake, verifying the peer's certificate for url's host.
template <class NextLayer>
asio::awaitable<std::optional<connect_error>> tls_handshake(beast::ssl_stream<NextLayer>& stream, const endpoint_url& url) {
  prepare_client_tls(stream, url.host);
  auto [ec] = co_await stream.async_handshake(ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
  if (ec) co_return connect_error{connect_step::tls_handshake, ec, 0, "TLS handshake with " + url.host + ": " + ec.message()};
  co_return std::nullopt;
}

namespace detail {
template <class T>
struct has_tls_layer : std::false_type {};
template <class NextLayer>
struct has_tls_layer<beast::ssl_stream<NextLayer>> : std::true_type {};

connect_error websocket_refusal(const beast::error_code& ec, unsigned response_status);
}  // namespace detail

// The TLS handshake when the stream has a TLS layer, then the WebSocket handshake for url's
// target; `response` receives the peer's answer to the upgrade. Options set on `ws` before
// (a decorator, a message size limit) apply.
template <class NextLayer>
asio::awaitable<std::optional<connect_error>> ws_handshake(websocket::stream<NextLayer>& ws, const endpoint_url& url,
                                                           websocket::response_type& response) {
  if constexpr (detail::has_tls_layer<NextLayer>::value) {
    // Awaited into a local: GCC 12 mishandles co_await inside an if condition (PR 106188).
    auto tls_error = co_await tls_handshake(ws.next_layer(), url);
    if (tls_error) co_return tls_error;
  }
  auto [ec] = co_await ws.async_handshake(response, url.host_header(), url.target, asio::as_tuple(asio::use_awaitable));
  if (ec) co_return detail::websocket_refusal(ec, response.result_int());
  co_return std::nullopt;
}

// The whole sequence on a WebSocket over TCP or TLS over TCP, within `timeout`; the deadline is
// cleared once the socket is open (liveness is the caller's from there on).
template <class NextLayer>
asio::awaitable<std::optional<connect_error>> ws_connect(websocket::stream<NextLayer>& ws, const endpoint_url& url,
                                                         std::chrono::milliseconds timeout,
                                                         websocket::response_type& response,
                                                         const proxy_settings* proxy = nullptr) {
  auto& tcp = beast::get_lowest_layer(ws);
  auto error = co_await tcp_connect(tcp, url, timeout, proxy);
  if (!error) error = co_await ws_handshake(ws, url, response);
  if (!error) tcp.expires_never();
  co_return error;
}

}  // namespace wmpulse::net
