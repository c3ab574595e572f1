// The WebSocket session over beast::test::stream: a graphql-transport-ws client upgrades,
// inits, subscribes, completes and closes, with each I/O step of the server failing in turn.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "unit/server/session_harness.hpp"

namespace wmpulse::server {
namespace {
using namespace detail;  // asio, beast, http, websocket
using testing::session_harness;
using testing::test_net::fail_count;
using client_socket = websocket::stream<testing::test_net::stream>;

// What the client saw: every frame read, and whether the whole exchange went through.
struct transcript {
  bool upgraded = false;
  std::vector<std::string> frames;
  bool closed_cleanly = false;
};

asio::awaitable<bool> send(client_socket& ws, std::string_view text) {
  auto [ec, n] = co_await ws.async_write(asio::buffer(text), asio::as_tuple(asio::use_awaitable));
  co_return !ec;
}

asio::awaitable<bool> receive(client_socket& ws, transcript& t) {
  beast::flat_buffer buffer;
  auto [ec, n] = co_await ws.async_read(buffer, asio::as_tuple(asio::use_awaitable));
  if (ec) co_return false;
  t.frames.push_back(beast::buffers_to_string(buffer.cdata()));
  co_return true;
}

// connection_init → ack, subscribe → next, complete, close: stops at the first failure.
asio::awaitable<void> subscribe_and_leave(client_socket& ws, transcript& t) {
  constexpr auto tuple = asio::as_tuple(asio::use_awaitable);
  ws.set_option(websocket::stream_base::decorator(
      [](websocket::request_type& req) { req.set(http::field::sec_websocket_protocol, graphql_transport_ws); }));
  auto [ec] = co_await ws.async_handshake("localhost", "/graphql", tuple);
  if (ec) co_return;
  t.upgraded = true;
  ws.text(true);
  if (!co_await send(ws, R"({"type":"connection_init"})") || !co_await receive(ws, t)) co_return;
  if (!co_await send(ws, R"({"id":"1","type":"subscribe","payload":{"query":"subscription { value }"}})") ||
      !co_await receive(ws, t))
    co_return;
  if (!co_await send(ws, R"({"id":"1","type":"complete"})")) co_return;
  auto [cec] = co_await ws.async_close(websocket::close_code::normal, tuple);
  t.closed_cleanly = !cec;
}

transcript run_client(session_harness& h, fail_count* fails) {
  client_socket ws(h.connect(fails));
  transcript t;
  spawn(h.ioc.get_executor(), subscribe_and_leave(ws, t), "test client");
  EXPECT_TRUE(h.run_to_end()) << "the exchange did not end";
  return t;
}

std::string type_of(const std::string& frame) {
  return std::string(boost::json::parse(frame).at("type").as_string());
}

TEST(ws_session, connection_init_subscribe_complete_and_close) {
  session_harness h;
  transcript t = run_client(h, nullptr);
  ASSERT_TRUE(t.upgraded);
  ASSERT_EQ(t.frames.size(), 2u);
  EXPECT_EQ(type_of(t.frames[0]), "connection_ack");
  EXPECT_EQ(type_of(t.frames[1]), "next");
  EXPECT_EQ(boost::json::parse(t.frames[1]).at("payload").at("data").at("value"), 1);
  EXPECT_TRUE(t.closed_cleanly);
  EXPECT_EQ(h.state.ws_sessions, 1u);
  EXPECT_TRUE(h.released());
}

// Publications that reach a session before its strand runs are written once, with the newest
// value: the client reads 1 (the first result), then 4, never 2 or 3.
asio::awaitable<void> subscribe_through_three_quick_ticks(client_socket& ws, session_harness& h, transcript& t) {
  constexpr auto tuple = asio::as_tuple(asio::use_awaitable);
  ws.set_option(websocket::stream_base::decorator(
      [](websocket::request_type& req) { req.set(http::field::sec_websocket_protocol, graphql_transport_ws); }));
  auto [ec] = co_await ws.async_handshake("localhost", "/graphql", tuple);
  if (ec) co_return;
  ws.text(true);
  if (!co_await send(ws, R"({"type":"connection_init"})") || !co_await receive(ws, t)) co_return;
  if (!co_await send(ws, R"({"id":"1","type":"subscribe","payload":{"query":"subscription { value }"}})") ||
      !co_await receive(ws, t))
    co_return;
  for (long v : {2, 3, 4}) {  // one thread: the session's strand cannot run in between
    h.backend->value = v;
    h.state.hub.on_notify(nullptr);
    h.state.hub.publish();
  }
  if (!co_await receive(ws, t)) co_return;
  if (!co_await send(ws, R"({"id":"1","type":"complete"})")) co_return;
  auto [cec] = co_await ws.async_close(websocket::close_code::normal, tuple);
  t.closed_cleanly = !cec;
}

TEST(ws_session, ticks_that_arrive_before_the_session_runs_are_one_write_of_the_newest) {
  session_harness h;
  client_socket ws(h.connect(nullptr));
  transcript t;
  spawn(h.ioc.get_executor(), subscribe_through_three_quick_ticks(ws, h, t), "test client");
  ASSERT_TRUE(h.run_to_end()) << "the exchange did not end";
  ASSERT_EQ(t.frames.size(), 3u);
  EXPECT_EQ(boost::json::parse(t.frames[1]).at("payload").at("data").at("value"), 1);
  EXPECT_EQ(boost::json::parse(t.frames[2]).at("payload").at("data").at("value"), 4) << t.frames[2];
  EXPECT_TRUE(t.closed_cleanly);
  EXPECT_TRUE(h.released());
}

// The server's I/O steps, in the order it starts them: 1 read the upgrade request, 2 write the
// 101, 3 read connection_init, 4 write the ack, 5 read subscribe, 6 read complete (pending),
// 7 write next, then the close handshake. Failing any of them ends the session without a
// hang, with its connection count and its subscription released.
TEST(ws_session, a_failure_at_each_step_ends_the_session_cleanly) {
  std::size_t failed_exchanges = 0;
  for (std::size_t step = 1; step < 32; ++step) {
    SCOPED_TRACE("failing I/O step " + std::to_string(step));
    session_harness h;
    fail_count fails(step);
    transcript t = run_client(h, &fails);
    EXPECT_TRUE(h.released());
    if (t.closed_cleanly && t.frames.size() == 2) break;  // no step left to fail
    ++failed_exchanges;
    EXPECT_LE(t.frames.size(), 2u);
  }
  EXPECT_GE(failed_exchanges, 9u) << "fewer server steps than the exchange has";
  EXPECT_LT(failed_exchanges, 31u) << "the exchange never went through";
}

}  // namespace
}  // namespace wmpulse::server
