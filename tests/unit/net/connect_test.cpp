// The WebSocket connect sequence, step by step: resolve and connect on loopback, the TLS and
// WebSocket handshakes on beast::test::stream with a fail_count that fails each operation in
// turn (as Beast's own tests do), and the whole sequence on loopback with its deadline.
#include "net/connect.hpp"

#include <gtest/gtest.h>

#include <boost/beast/_experimental/test/stream.hpp>

#include "sim/tls_cert.hpp"

namespace wmpulse::net {
namespace {

namespace test = beast::test;
using std::chrono::milliseconds;

endpoint_url url_of(const std::string& text) { return *parse_endpoint_url(text); }

// Runs `client` to its end on `ioc` (with whatever else is spawned there) and returns its result.
std::optional<connect_error> run(asio::io_context& ioc, asio::awaitable<std::optional<connect_error>> client) {
  std::optional<std::optional<connect_error>> out;
  asio::co_spawn(ioc, std::move(client), [&](std::exception_ptr e, std::optional<connect_error> r) {
    if (e) std::rethrow_exception(e);
    out = std::move(r);
  });
  ioc.run();
  ioc.restart();
  EXPECT_TRUE(out.has_value());
  return out.value_or(std::nullopt);
}

// ---- resolve and connect: loopback ------------------------------------------------------------

TEST(tcp_connect, an_unknown_service_fails_the_resolve_step) {
  asio::io_context ioc;
  beast::tcp_stream tcp(ioc);
  auto url = url_of("ws://127.0.0.1/");
  url.port = "no-such-service";  // getaddrinfo refuses it locally, without DNS
  const auto error = run(ioc, tcp_connect(tcp, url, milliseconds(5000)));
  ASSERT_TRUE(error);
  EXPECT_EQ(error->step, connect_step::resolve);
  EXPECT_EQ(error->message.rfind("resolve 127.0.0.1: ", 0), 0u) << error->message;
}

TEST(tcp_connect, a_closed_port_fails_the_connect_step) {
  asio::io_context ioc;
  std::uint16_t port = 0;
  {
    tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = a.local_endpoint().port();
  }  // closed: nothing listens there now
  beast::tcp_stream tcp(ioc);
  const auto error = run(ioc, tcp_connect(tcp, url_of("ws://127.0.0.1:" + std::to_string(port) + "/"), milliseconds(5000)));
  ASSERT_TRUE(error);
  EXPECT_EQ(error->step, connect_step::connect);
  EXPECT_EQ(error->ec, asio::error::connection_refused);
  EXPECT_NE(error->message.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << error->message;
}

// ---- the WebSocket handshake: test::stream ----------------------------------------------------

asio::awaitable<void> accept_websocket(websocket::stream<test::stream>& server) {
  co_await server.async_accept(asio::as_tuple(asio::use_awaitable));
}

// The client's handshake, then its stream closed so that the peer's pending read ends.
template <class Ws>
asio::awaitable<std::optional<connect_error>> handshake_and_close(Ws& ws, endpoint_url url) {
  websocket::response_type response;
  auto error = co_await ws_handshake(ws, url, response);
  beast::get_lowest_layer(ws).close();
  co_return error;
}

TEST(ws_handshake, failing_each_operation_in_turn_fails_the_websocket_step_until_it_opens) {
  const auto url = url_of("ws://localhost/stream");
  int failures = 0;
  for (std::size_t n = 0; n < 50; ++n) {
    asio::io_context ioc;
    test::fail_count fc(n);
    websocket::stream<test::stream> client(ioc, fc);
    websocket::stream<test::stream> server(ioc);
    client.next_layer().connect(server.next_layer());
    asio::co_spawn(ioc, accept_websocket(server), asio::detached);
    const auto error = run(ioc, handshake_and_close(client, url));
    if (!error) {
      EXPECT_GT(failures, 0);
      return;
    }
    ++failures;
    EXPECT_EQ(error->step, connect_step::websocket_handshake);
    EXPECT_EQ(error->ec, test::error::test_failure);
    EXPECT_EQ(error->http_status, 0u);
  }
  FAIL() << "the handshake never succeeded";
}

asio::awaitable<void> answer_http(test::stream& server, std::string answer) {
  beast::flat_buffer buffer;
  http::request<http::empty_body> request;
  co_await http::async_read(server, buffer, request, asio::as_tuple(asio::use_awaitable));
  co_await asio::async_write(server, asio::buffer(answer), asio::as_tuple(asio::use_awaitable));
}

TEST(ws_handshake, an_http_refusal_carries_its_status) {
  asio::io_context ioc;
  websocket::stream<test::stream> client(ioc);
  test::stream server(ioc);
  client.next_layer().connect(server);
  asio::co_spawn(ioc, answer_http(server, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"), asio::detached);
  const auto error = run(ioc, handshake_and_close(client, url_of("ws://localhost/channels/gone")));
  ASSERT_TRUE(error);
  EXPECT_EQ(error->step, connect_step::websocket_handshake);
  EXPECT_EQ(error->http_status, 404u);
  EXPECT_EQ(error->message, "WebSocket upgrade refused (HTTP 404)");
}

// ---- TLS, then the WebSocket handshake: test::stream ------------------------------------------

struct tls_pair {
  tls_pair() : pki(sim::generate_test_pki()), server_ctx(sim::make_server_tls_context(pki)) {
    client_ctx.set_verify_mode(ssl::verify_peer);
    client_ctx.add_certificate_authority(asio::buffer(pki.ca_pem));
  }
  sim::test_pki pki;
  std::shared_ptr<ssl::context> server_ctx;
  ssl::context client_ctx{ssl::context::tls_client};
};

using tls_ws = websocket::stream<beast::ssl_stream<test::stream>>;

asio::awaitable<void> accept_tls_websocket(tls_ws& server) {
  auto [ec] = co_await server.next_layer().async_handshake(ssl::stream_base::server, asio::as_tuple(asio::use_awaitable));
  if (!ec) co_await server.async_accept(asio::as_tuple(asio::use_awaitable));
}

std::optional<connect_error> tls_attempt(tls_pair& p, const endpoint_url& url, test::fail_count* fc) {
  asio::io_context ioc;
  tls_ws client = fc ? tls_ws(test::stream(ioc, *fc), p.client_ctx) : tls_ws(test::stream(ioc), p.client_ctx);
  tls_ws server(test::stream(ioc), *p.server_ctx);
  beast::get_lowest_layer(client).connect(beast::get_lowest_layer(server));
  asio::co_spawn(ioc, accept_tls_websocket(server), asio::detached);
  return run(ioc, handshake_and_close(client, url));
}

TEST(ws_handshake, over_tls_each_failed_operation_fails_the_tls_step_then_the_websocket_step) {
  tls_pair p;
  const auto url = url_of("wss://localhost/stream");
  std::vector<connect_step> failed;
  for (std::size_t n = 0; n < 100; ++n) {
    test::fail_count fc(n);
    const auto error = tls_attempt(p, url, &fc);
    if (!error) break;
    failed.push_back(error->step);
    EXPECT_EQ(error->ec, test::error::test_failure) << error->message;
  }
  ASSERT_FALSE(failed.empty());
  EXPECT_FALSE(tls_attempt(p, url, nullptr)) << "the sequence opens when nothing fails";
  EXPECT_EQ(failed.front(), connect_step::tls_handshake);
  EXPECT_EQ(failed.back(), connect_step::websocket_handshake);
  EXPECT_TRUE(std::is_sorted(failed.begin(), failed.end())) << "every TLS failure comes before every WebSocket one";
}

TEST(ws_handshake, a_certificate_for_another_host_fails_the_tls_step) {
  tls_pair p;  // the leaf is for localhost and 127.0.0.1
  EXPECT_FALSE(tls_attempt(p, url_of("wss://localhost/stream"), nullptr));
  const auto error = tls_attempt(p, url_of("wss://wmpulse.invalid/stream"), nullptr);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->step, connect_step::tls_handshake);
  EXPECT_NE(error->message.find("TLS handshake with wmpulse.invalid"), std::string::npos) << error->message;
}

// ---- the whole sequence: loopback -------------------------------------------------------------

asio::awaitable<void> accept_one_websocket(tcp::acceptor& acceptor) {
  auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
  if (ec) co_return;
  websocket::stream<beast::tcp_stream> ws(std::move(socket));
  co_await ws.async_accept(asio::as_tuple(asio::use_awaitable));
  co_await ws.async_close(websocket::close_code::normal, asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<std::optional<connect_error>> connect_ws(websocket::stream<beast::tcp_stream>& ws, endpoint_url url,
                                                         milliseconds timeout) {
  websocket::response_type response;
  auto error = co_await ws_connect(ws, url, timeout, response);
  beast::get_lowest_layer(ws).close();
  co_return error;
}

TEST(ws_connect, opens_a_websocket_on_loopback) {
  asio::io_context ioc;
  tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  asio::co_spawn(ioc, accept_one_websocket(acceptor), asio::detached);
  websocket::stream<beast::tcp_stream> ws(ioc);
  const auto url = url_of("ws://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/");
  const auto error = run(ioc, connect_ws(ws, url, milliseconds(10'000)));
  EXPECT_FALSE(error) << error->message;
}

TEST(ws_connect, a_peer_that_never_answers_the_upgrade_times_out) {
  asio::io_context ioc;
  // Listening, never accepting: the kernel completes the TCP connect, no one answers.
  tcp::acceptor silent(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  websocket::stream<beast::tcp_stream> ws(ioc);
  const auto url = url_of("ws://127.0.0.1:" + std::to_string(silent.local_endpoint().port()) + "/");
  const auto error = run(ioc, connect_ws(ws, url, milliseconds(200)));
  ASSERT_TRUE(error);
  EXPECT_EQ(error->step, connect_step::websocket_handshake);
  EXPECT_EQ(error->ec, beast::error::timeout);
}

}  // namespace
}  // namespace wmpulse::net
