#include "sim/session.hpp"

#include <chrono>
#include <functional>

#include "sim/ws_peer.hpp"

namespace wmpulse::sim {
namespace {

namespace asio = net::asio;
namespace beast = net::beast;
namespace http = net::http;
namespace websocket = net::websocket;
using asio::as_tuple;
using asio::use_awaitable;
using request = http::request<http::string_body>;

constexpr std::string_view tutorial_path = "/api/v2/analytics/events/stream";
constexpr std::string_view channel_prefix = "/channels/";

http::response<http::string_body> to_response(const answer& a, const request& req) {
  http::response<http::string_body> res{static_cast<http::status>(a.status), req.version()};
  res.set(http::field::server, "wmpulse-sim");
  if (!a.body.empty()) res.set(http::field::content_type, a.content_type);
  for (const auto& [k, v] : a.headers) res.set(k, v);
  res.keep_alive(req.keep_alive());
  if (req.method() != http::verb::head) res.body() = a.body;
  res.prepare_payload();
  return res;
}

template <class Stream>
asio::awaitable<void> refuse(Stream& stream, const request& req, unsigned status) {
  auto res = to_response(genesys_error(status, status == 401 ? "bad.credentials" : "not.found",
                                       status == 401 ? "Not authorized for this stream" : "Not found"),
                         req);
  res.keep_alive(false);
  co_await http::async_write(stream, res, as_tuple(use_awaitable));
}

template <class Stream>
asio::awaitable<void> serve_websocket(Stream stream, request req, simulator& sim, unsigned roles) {
  const auto view = net::view_of(req);
  const bool tutorial = view.path() == tutorial_path;
  const bool channel = view.path().starts_with(channel_prefix);
  if (!(roles & role_stream) || (!tutorial && !channel)) co_return co_await refuse(stream, req, 404);
  const std::string channel_id(channel ? view.path().substr(channel_prefix.size()) : std::string_view());
  if (channel && !sim.channels().find(channel_id)) co_return co_await refuse(stream, req, 401);
  if (channel && sim.upgrade_refusal(channel_id)) co_return co_await refuse(stream, req, sim.upgrade_refusal(channel_id));
  if (tutorial && !sim.tutorial_authorized(view)) co_return co_await refuse(stream, req, 401);
  auto peer = std::make_shared<ws_peer<Stream>>(std::move(stream));
  auto [ec] = co_await peer->socket().async_accept(req, as_tuple(use_awaitable));
  if (ec) co_return;
  // Named locals, never temporaries, in co_await expressions: GCC 12 can destroy such
  // temporaries twice (a shared_ptr released twice).
  std::weak_ptr<stream_peer> weak = peer;
  std::function<void(std::string_view)> on_text;
  if (channel) {
    if (const millis delay = sim.options().attach_delay_ms; delay > 0) {
      asio::steady_timer attach_timer(co_await asio::this_coro::executor, std::chrono::milliseconds(delay));
      co_await attach_timer.async_wait(as_tuple(use_awaitable));
    }
    unsigned status = 0;
    if (!sim.accept_channel_socket(channel_id, peer, status)) peer->close(1008, "channel not found");
    on_text = [&sim, weak](std::string_view text) {
      if (auto p = weak.lock()) sim.on_channel_text(p, text);
    };
  } else {
    sim.accept_tutorial_socket(peer);
    on_text = [&sim, weak](std::string_view text) {
      if (auto p = weak.lock()) sim.on_tutorial_text(p, text);
    };
  }
  co_await peer->run(std::move(on_text));
}

template <class Stream>
asio::awaitable<void> serve_http(Stream stream, simulator& sim, unsigned roles) {
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(512'000);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(60));
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, as_tuple(use_awaitable));
    if (ec) break;
    request req = parser.release();
    beast::get_lowest_layer(stream).expires_never();
    if (websocket::is_upgrade(req)) {
      co_await serve_websocket(std::move(stream), std::move(req), sim, roles);
      co_return;
    }
    const answer a = sim.handle(net::view_of(req), roles);
    if (a.delay_ms > 0) {
      asio::steady_timer delay(co_await asio::this_coro::executor, std::chrono::milliseconds(a.delay_ms));
      co_await delay.async_wait(as_tuple(use_awaitable));
    }
    auto res = to_response(a, req);
    auto [wec, wn] = co_await http::async_write(stream, res, as_tuple(use_awaitable));
    if (wec || !res.keep_alive()) break;
  }
}

}  // namespace

asio::awaitable<void> serve_plain(net::tcp::socket socket, simulator& sim, unsigned roles) {
  beast::tcp_stream stream(std::move(socket));
  co_await serve_http(std::move(stream), sim, roles);
}

asio::awaitable<void> serve_tls(net::tcp::socket socket, std::shared_ptr<net::ssl::context> tls, simulator& sim,
                                unsigned roles) {
  beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *tls);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  auto [ec] = co_await stream.async_handshake(net::ssl::stream_base::server, as_tuple(use_awaitable));
  if (ec) co_return;
  co_await serve_http(std::move(stream), sim, roles);
}

}  // namespace wmpulse::sim
