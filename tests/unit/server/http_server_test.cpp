// The server on real loopback sockets (ephemeral ports): routing, limits, HEAD, keep-alive,
// IPv6, graphql-transport-ws over the wire, slow-subscriber drop, graceful stop.
#include "server/http_server.hpp"

#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "server/response_head.hpp"
#include "server/static_files.hpp"
#include "unit/server/fake_backend.hpp"
#include "unit/server/test_client.hpp"

namespace wmpulse::server {
namespace {
namespace json = boost::json;
using namespace testing;

// Polls `done` until it holds, for at most ~10 s; the condition, not the time, is asserted.
template <class F>
bool eventually(F done) {
  for (int i = 0; i < 10'000; ++i) {
    if (done()) return true;
    std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return done();
}

http_answer text(std::string body) { return http_answer{200, "text/plain", std::move(body), {}}; }

class http_server_test : public ::testing::Test {
protected:
  core::manual_clock clock{1'000'000};
  std::shared_ptr<fake_backend> backend = std::make_shared<fake_backend>();
  std::filesystem::path web = std::filesystem::temp_directory_path() / ("wmpulse-web-" + std::to_string(::getpid()));
  std::unique_ptr<http_server> srv;
  http_server::freshen_hook freshen;  // set before start()

  void start(server_options o = {}, const core::clock* c = nullptr) {
    std::filesystem::create_directories(web);
    std::ofstream(web / "index.html") << "<title>dash</title>";
    std::ofstream(web / "graphiql.html") << "<title>graphiql</title>";
    std::ofstream(web.parent_path() / "wmpulse-secret.txt") << "secret";
    if (o.address == "0.0.0.0") o.address = "127.0.0.1";
    o.port = 0;
    srv = std::make_unique<http_server>(o, c ? *c : clock);
    srv->routes().add("/graphql", {"GET"}, static_file(web / "graphiql.html"), accepts_html);
    srv->routes().add("/graphql", {"GET", "POST"}, [](const http_request_view& r) {
      return text("graphql " + std::string(r.method) + " " + std::string(r.body));
    });
    srv->routes().add("/wired", {"GET", "HEAD"}, [](const http_request_view&) {
      auto answer = text("wired");
      auto marked = answer;  // tells the wire image from a head built per request
      marked.headers.emplace_back("X-Wire", "1");
      answer.wire = keep_alive_wire(marked);
      return answer;
    });
    srv->routes().add("/boom", {"GET"}, [](const http_request_view&) -> http_answer { throw std::runtime_error("x"); });
    srv->routes().add_static("/", web);
    srv->set_graphql_ws(backend);
    if (freshen) srv->set_freshen(freshen);
    srv->start();
    ASSERT_NE(srv->port(), 0);
  }
  void TearDown() override {
    if (srv) srv->stop();
    std::filesystem::remove_all(web);
  }
  static void init(ws_client& c) {
    c.send(R"({"type":"connection_init"})");
    EXPECT_EQ(c.read(), R"({"type":"connection_ack"})");
  }
  void publish_once() {
    auto before = srv->stats().publications;
    clock.advance(1000);
    srv->notify(nullptr);  // the fake backend reads its own value
    ASSERT_TRUE(eventually([&] { return srv->stats().publications > before; }));
  }
};

TEST_F(http_server_test, routes_by_path_and_method) {
  start();
  auto r = request(srv->port(), http::verb::post, "/graphql", {{"Content-Type", "application/json"}}, "{}");
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r.body(), "graphql POST {}");
  auto nf = request(srv->port(), http::verb::get, "/nothing-here");
  EXPECT_EQ(nf.result_int(), 404);
  auto na = request(srv->port(), http::verb::delete_, "/graphql");
  EXPECT_EQ(na.result_int(), 405);
  EXPECT_EQ(na[http::field::allow], "GET, HEAD, POST");
}

TEST_F(http_server_test, browser_get_graphql_gets_the_static_page) {
  start();
  auto r = request(srv->port(), http::verb::get, "/graphql", {{"Accept", "text/html"}});
  EXPECT_EQ(r.body(), "<title>graphiql</title>");
  auto api = request(srv->port(), http::verb::get, "/graphql?query=x", {{"Accept", "application/json"}});
  EXPECT_EQ(api.body(), "graphql GET ");
}

TEST_F(http_server_test, static_root_and_traversal_over_the_wire) {
  start();
  auto r = request(srv->port(), http::verb::get, "/");
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r.body(), "<title>dash</title>");
  EXPECT_EQ(r[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_FALSE(r[http::field::etag].empty());
  for (const char* t : {"/../wmpulse-secret.txt", "/%2e%2e/wmpulse-secret.txt", "/..%2Fwmpulse-secret.txt"}) {
    asio::io_context ioc;
    auto s = connect_to(ioc, srv->port());
    auto res = raw_exchange(s, std::string("GET ") + t + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(res.result_int(), 403) << t;
    EXPECT_EQ(res.body().find("secret\n"), std::string::npos);
  }
}

TEST_F(http_server_test, head_has_length_but_no_body) {
  start();
  auto r = request(srv->port(), http::verb::head, "/");
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r[http::field::content_length], "19");
  EXPECT_TRUE(r.body().empty());
}

TEST_F(http_server_test, keep_alive_serves_several_requests_on_one_connection) {
  start();
  asio::io_context ioc;
  auto s = connect_to(ioc, srv->port());
  for (int i = 0; i < 3; ++i) {
    auto r = raw_exchange(s, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
    EXPECT_EQ(r.body(), "graphql POST {}");
    EXPECT_TRUE(r.keep_alive());
  }
  EXPECT_EQ(srv->stats().connections_accepted, 1u);
}

// A kept answer's wire image is what an HTTP/1.1 keep-alive request other than HEAD gets; the
// others get a head built for them.
TEST_F(http_server_test, a_wire_image_goes_to_the_requests_it_fits_and_only_to_them) {
  start();
  asio::io_context ioc;
  auto s = connect_to(ioc, srv->port());
  auto kept = raw_exchange(s, "GET /wired HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(kept.body(), "wired");
  EXPECT_EQ(kept["X-Wire"], "1");
  EXPECT_TRUE(kept.keep_alive());
  auto closing = raw_exchange(s, "GET /wired HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(closing.body(), "wired");
  EXPECT_EQ(closing["X-Wire"], "");
  EXPECT_FALSE(closing.keep_alive());
  auto old = connect_to(ioc, srv->port());
  auto http10 = raw_exchange(old, "GET /wired HTTP/1.0\r\nHost: x\r\n\r\n");
  EXPECT_EQ(http10.version(), 10u);
  EXPECT_EQ(http10["X-Wire"], "");
  auto head = request(srv->port(), http::verb::head, "/wired");
  EXPECT_EQ(head[http::field::content_length], "5");
  EXPECT_EQ(head["X-Wire"], "");
}

TEST_F(http_server_test, body_over_the_limit_is_413) {
  start({.body_limit = 1000});
  auto r = request(srv->port(), http::verb::post, "/graphql", {}, std::string(1001, 'x'));
  EXPECT_EQ(r.result_int(), 413);
  EXPECT_EQ(srv->stats().http_rejected, 1u);
}

TEST_F(http_server_test, header_over_the_limit_is_431) {
  start({.header_limit = 1024});
  auto r = request(srv->port(), http::verb::get, "/", {{"X-Big", std::string(2000, 'y')}});
  EXPECT_EQ(r.result_int(), 431);
}

TEST_F(http_server_test, malformed_request_is_400) {
  start();
  asio::io_context ioc;
  auto s = connect_to(ioc, srv->port());
  auto r = raw_exchange(s, "GET / HTTP/1.1\r\nHost x\r\n\r\n");
  EXPECT_EQ(r.result_int(), 400);
}

TEST_F(http_server_test, throwing_handler_is_500_and_server_lives_on) {
  start();
  EXPECT_EQ(request(srv->port(), http::verb::get, "/boom").result_int(), 500);
  EXPECT_EQ(request(srv->port(), http::verb::get, "/").result_int(), 200);
}

TEST_F(http_server_test, listens_on_ipv6_loopback) {
  server_options o;
  o.address = "::1";
  try {
    start(o);
  } catch (const std::system_error&) {
    GTEST_SKIP() << "no IPv6 loopback on this machine";
  }
  EXPECT_EQ(request(srv->port(), http::verb::get, "/", {}, {}, "::1").result_int(), 200);
}

TEST_F(http_server_test, port_in_use_throws) {
  start();
  server_options o;
  o.address = "127.0.0.1";
  o.port = srv->port();
  http_server second(o, clock);
  EXPECT_THROW(second.start(), std::system_error);
}

TEST_F(http_server_test, ws_negotiates_graphql_transport_ws) {
  start();
  ws_client c(srv->port(), "bogus, graphql-transport-ws");
  EXPECT_EQ(c.protocol, "graphql-transport-ws");
}

TEST_F(http_server_test, ws_without_the_subprotocol_closes_4406) {
  start();
  for (const char* offer : {"", "bogus", "graphql-ws"}) {
    ws_client c(srv->port(), offer);
    EXPECT_TRUE(c.protocol.empty()) << offer;
    EXPECT_EQ(c.read(), "");
    EXPECT_EQ(c.close_code(), 4406) << offer;
  }
}

TEST_F(http_server_test, ws_init_timeout_closes_4408) {
  start({.ws_init_timeout_ms = 50}, &core::system_clock::instance());
  ws_client c(srv->port());
  EXPECT_EQ(c.read(), "");
  EXPECT_EQ(c.close_code(), 4408);
}

TEST_F(http_server_test, ws_invalid_message_closes_4400) {
  start();
  ws_client c(srv->port());
  init(c);
  c.send("hello, server");
  EXPECT_EQ(c.read(), "");
  EXPECT_EQ(c.close_code(), 4400);
  EXPECT_TRUE(eventually([&] { return srv->stats().ws_invalid_messages == 1; }));
}

TEST_F(http_server_test, ws_message_over_the_limit_closes_1009) {
  start({.ws_max_message_bytes = 1024});
  ws_client c(srv->port());
  init(c);
  c.send(R"({"type":"ping","payload":{"x":")" + std::string(2000, 'x') + "\"}}");
  EXPECT_EQ(c.read(), "");
  EXPECT_EQ(c.close_code(), 1009);
}

TEST_F(http_server_test, ws_query_then_subscription_with_fan_out) {
  start();
  ws_client c(srv->port());
  init(c);
  c.send(R"({"id":"q","type":"subscribe","payload":{"query":"{ v }"}})");
  EXPECT_EQ(c.read(), R"({"id":"q","type":"next","payload":{"data":{"value":1}}})");
  EXPECT_EQ(c.read(), R"({"id":"q","type":"complete"})");
  c.send(R"({"id":"s","type":"subscribe","payload":{"query":"subscription { v }"}})");
  EXPECT_EQ(c.read(), R"({"id":"s","type":"next","payload":{"data":{"value":1}}})");
  backend->value = 2;
  publish_once();
  EXPECT_EQ(c.read(), R"({"id":"s","type":"next","payload":{"data":{"value":2}}})");
  c.send(R"({"type":"ping"})");
  EXPECT_EQ(c.read(), R"({"type":"pong"})") << "an unchanged result sends nothing";
  c.send(R"({"id":"s","type":"complete"})");
  EXPECT_TRUE(eventually([&] { return srv->stats().subscribers == 0; }));
}

// A publication that waited for the end of its interval pushes the root the freshen hook hands
// over then (what the ingest has by that time), not the one it had when the wait began; one
// that goes out at once (the leading edge) does not ask.
TEST_F(http_server_test, a_paced_publication_pushes_what_the_freshen_hook_hands_over_at_the_end_of_the_wait) {
  std::atomic<int> freshened = 0;
  freshen = [&](std::function<void()> publish) {
    ++freshened;
    srv->notify(value_root(3));
    publish();
  };
  server_options o;
  o.publish_interval_ms = 200;
  start(o);
  ws_client c(srv->port());
  init(c);
  c.send(R"({"id":"s","type":"subscribe","payload":{"query":"subscription { v }"}})");
  EXPECT_EQ(c.read(), R"({"id":"s","type":"next","payload":{"data":{"value":1}}})");
  srv->notify(value_root(2));
  EXPECT_EQ(c.read(), R"({"id":"s","type":"next","payload":{"data":{"value":2}}})");
  EXPECT_EQ(freshened, 0) << "the leading edge goes out at once";
  srv->notify(value_root(4));  // within the interval: waits for its end
  EXPECT_EQ(c.read(), R"({"id":"s","type":"next","payload":{"data":{"value":3}}})");
  EXPECT_EQ(freshened, 1);
}

TEST_F(http_server_test, ws_client_close_is_answered_with_1000) {
  start();
  ws_client c(srv->port());
  init(c);
  c.ws.close(websocket::close_code::normal);
  EXPECT_TRUE(eventually([&] { return srv->stats().open_sessions == 0; }));
}

TEST_F(http_server_test, subscriber_that_stops_reading_is_dropped_with_bounded_memory) {
  start({.ws_write_timeout_ms = 1000, .socket_send_buffer = 4096});
  backend->payload_padding = std::string(64 << 10, 'p');
  ws_client reader(srv->port());
  reader.send(R"({"type":"connection_init"})");
  ASSERT_EQ(reader.read(), R"({"type":"connection_ack"})");
  // A second client that keeps reading must be unaffected.
  ws_client stalled(srv->port(), "graphql-transport-ws", 4096);
  stalled.send(R"({"type":"connection_init"})");
  ASSERT_EQ(stalled.read(), R"({"type":"connection_ack"})");
  stalled.send(R"({"id":"s","type":"subscribe","payload":{"query":"subscription { v }"}})");
  reader.send(R"({"id":"s","type":"subscribe","payload":{"query":"subscription { v }"}})");
  ASSERT_FALSE(reader.read().empty());
  ASSERT_TRUE(eventually([&] { return srv->stats().subscribers == 2; }));

  // `stalled` never reads again. Each tick changes the 64 KiB result; once the socket
  // buffers are full its write stays pending, and after the write timeout it is dropped.
  for (int tick = 0; tick < 500 && srv->stats().ws_dropped_slow == 0; ++tick) {
    backend->value = tick + 10;
    publish_once();
    auto got = reader.read();
    ASSERT_NE(got.find(R"("value":)" + std::to_string(tick + 10)), std::string::npos) << "reader keeps up";
  }
  EXPECT_EQ(srv->stats().ws_dropped_slow, 1u);
  EXPECT_TRUE(eventually([&] { return srv->stats().subscribers == 1; }));
  EXPECT_EQ(srv->stats().subscription_keys, 1u);
}

TEST_F(http_server_test, stop_closes_websockets_with_1001_and_idle_http) {
  start({.stop_timeout = std::chrono::milliseconds(3000)});
  ws_client c(srv->port());
  init(c);
  asio::io_context ioc;
  auto idle = connect_to(ioc, srv->port());
  ASSERT_TRUE(eventually([&] { return srv->stats().open_sessions == 2; }));
  std::thread stopper([&] { srv->stop(); });
  EXPECT_EQ(c.read(), "");
  EXPECT_EQ(c.close_code(), 1001);
  stopper.join();
  char byte;
  beast::error_code ec;
  idle.read_some(asio::buffer(&byte, 1), ec);
  EXPECT_TRUE(ec) << "the idle keep-alive connection is closed";
}

}  // namespace
}  // namespace wmpulse::server
