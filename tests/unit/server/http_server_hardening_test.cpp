// The server under hostile clients, on real loopback sockets (ephemeral ports, bounded
// waits): slow handlers vs /healthz, full worker queues, connection caps per client, Origin
// and Host checks, running out of descriptors, slow headers and slow readers, static files
// over the wire. A slow handler blocks on a latch the test releases: no sleeps.
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <latch>
#include <thread>

#include <gtest/gtest.h>

#include "server/http_server.hpp"
#include "server/static_files.hpp"
#include "unit/server/fake_backend.hpp"
#include "unit/server/test_client.hpp"

namespace wmpulse::server {
namespace {
using namespace testing;

template <class F>
bool eventually(F done) {
  for (int i = 0; i < 10'000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return done();
}

// A client socket bound to `source` (another loopback address is another client).
tcp::socket connect_from(asio::io_context& ioc, std::uint16_t port, const char* source) {
  tcp::socket s(ioc);
  s.open(tcp::v4());
  s.bind(tcp::endpoint(asio::ip::make_address(source), 0));
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  set_read_timeout(s, 5);
  return s;
}

// Whether the server closed `s` without answering a request sent on it.
bool closed_without_answer(tcp::socket& s) {
  beast::error_code ec;
  asio::write(s, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")), ec);
  char byte;
  s.read_some(asio::buffer(&byte, 1), ec);
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

class hardening_test : public ::testing::Test {
protected:
  core::manual_clock manual{1'000'000'000};  // outlives the server
  std::shared_ptr<fake_backend> backend = std::make_shared<fake_backend>();
  std::filesystem::path web = std::filesystem::temp_directory_path() / ("wmpulse-hard-" + std::to_string(::getpid()));
  std::unique_ptr<http_server> srv;
  std::latch release{1};
  std::promise<void> slow_entered;
  std::atomic<int> slow_calls{0};
  // Requests in flight on other threads; destroyed after TearDown has released the latch, so
  // a failing test fails instead of waiting on a handler that is never released.
  std::future<response> first, second;

  void start(server_options o = {}, const core::clock& clock = core::system_clock::instance()) {
    std::filesystem::create_directories(web);
    std::string page;
    for (int i = 0; i < 4000; ++i) page += "<div>GraphiQL " + std::to_string(i % 50) + "</div>\n";
    std::ofstream(web / "index.html") << page;
    o.address = "127.0.0.1";
    o.port = 0;
    o.threads = 1;  // as the service runs by default
    srv = std::make_unique<http_server>(o, clock);
    srv->routes().add("/healthz", {"GET"}, [](const http_request_view&) { return http_answer{200, "text/plain", "ok\n", {}}; },
                      {}, always(route_lane::io));
    srv->routes().add("/slow", {"GET"}, [this](const http_request_view&) {
      if (slow_calls++ == 0) slow_entered.set_value();
      release.wait();
      return http_answer{200, "text/plain", "slow\n", {}};
    }, {}, always(route_lane::heavy));
    srv->routes().add("/graphql", {"GET", "POST"}, [](const http_request_view&) {
      return http_answer{200, "application/json", "{}", {}};
    });
    srv->routes().add_static("/", web);
    srv->set_graphql_ws(backend);
    srv->start();
  }
  void TearDown() override {
    release.count_down();
    if (srv) srv->stop();
    std::filesystem::remove_all(web);
  }
  response get(std::string target, std::vector<std::pair<std::string, std::string>> headers = {}) {
    return request(srv->port(), http::verb::get, std::move(target), std::move(headers));
  }
};

TEST_F(hardening_test, healthz_answers_while_a_slow_handler_holds_the_heavy_lane) {
  start();
  first = std::async(std::launch::async, [&] { return get("/slow"); });
  slow_entered.get_future().wait();
  second = std::async(std::launch::async, [&] { return get("/healthz"); });
  ASSERT_EQ(second.wait_for(std::chrono::seconds(5)), std::future_status::ready) << "/healthz waits for the slow handler";
  auto health = second.get();
  EXPECT_EQ(health.result_int(), 200);
  EXPECT_EQ(health.body(), "ok\n");
  EXPECT_EQ(get("/").result_int(), 200) << "cached static files too";
  EXPECT_EQ(get("/graphql?query=x").result_int(), 200) << "small queries have their own lane";
  release.count_down();
  EXPECT_EQ(first.get().body(), "slow\n");
}

TEST_F(hardening_test, a_full_worker_queue_answers_503_with_retry_after) {
  start({.heavy_workers = 1, .heavy_queue = 1});
  first = std::async(std::launch::async, [&] { return get("/slow"); });
  slow_entered.get_future().wait();
  second = std::async(std::launch::async, [&] { return get("/slow"); });
  ASSERT_TRUE(eventually([&] { return srv->stats().queued_jobs == 1; }));
  auto busy = get("/slow");
  EXPECT_EQ(busy.result_int(), 503);
  EXPECT_EQ(busy[http::field::retry_after], "1");
  EXPECT_NE(busy.body().find("busy"), std::string::npos);
  EXPECT_GE(srv->stats().http_busy, 1u);
  release.count_down();
  EXPECT_EQ(first.get().result_int(), 200);
  EXPECT_EQ(second.get().result_int(), 200);
}

TEST_F(hardening_test, per_client_cap_refuses_the_next_connection_and_other_clients_get_in) {
  start({.max_connections_per_client = 2});
  asio::io_context ioc;
  auto a = connect_from(ioc, srv->port(), "127.0.0.2");
  auto b = connect_from(ioc, srv->port(), "127.0.0.2");
  ASSERT_TRUE(eventually([&] { return srv->stats().open_sessions == 2; }));
  auto c = connect_from(ioc, srv->port(), "127.0.0.2");
  EXPECT_TRUE(closed_without_answer(c));
  EXPECT_EQ(srv->stats().connections_refused, 1u);
  auto other = connect_from(ioc, srv->port(), "127.0.0.3");
  EXPECT_EQ(raw_exchange(other, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").result_int(), 200);
  EXPECT_EQ(get("/healthz").result_int(), 200);
  a.close();
  ASSERT_TRUE(eventually([&] { return srv->stats().open_sessions <= 2; }));
  auto d = connect_from(ioc, srv->port(), "127.0.0.2");
  EXPECT_EQ(raw_exchange(d, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").result_int(), 200) << "a freed slot is reusable";
}

TEST_F(hardening_test, total_cap_refuses_at_accept) {
  start({.max_connections = 1});
  asio::io_context ioc;
  auto a = connect_from(ioc, srv->port(), "127.0.0.2");
  ASSERT_TRUE(eventually([&] { return srv->stats().open_sessions == 1; }));
  auto b = connect_from(ioc, srv->port(), "127.0.0.3");
  EXPECT_TRUE(closed_without_answer(b));
  EXPECT_EQ(srv->stats().connections_refused, 1u);
}

std::string upgrade(std::string_view origin) {
  std::string r = "GET /graphql HTTP/1.1\r\nHost: localhost:4000\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                  "Sec-WebSocket-Protocol: graphql-transport-ws\r\n";
  if (!origin.empty()) r += "Origin: " + std::string(origin) + "\r\n";
  return r + "\r\n";
}

int upgrade_status(std::uint16_t port, std::string_view origin, std::string* body = nullptr) {
  asio::io_context ioc;
  auto s = connect_to(ioc, port);
  asio::write(s, asio::buffer(upgrade(origin)));
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.skip(origin.empty() || origin.find("evil") == std::string_view::npos);  // a 101 has no body
  http::read_header(s, buffer, parser);
  if (parser.get().result_int() != 101) http::read(s, buffer, parser);
  if (body) *body = parser.get().body();
  return parser.get().result_int();
}

TEST_F(hardening_test, cross_origin_websocket_upgrade_is_403) {
  start();
  std::string body;
  EXPECT_EQ(upgrade_status(srv->port(), "https://evil.example", &body), 403);
  EXPECT_NE(body.find("evil.example"), std::string::npos);
  EXPECT_EQ(upgrade_status(srv->port(), "http://localhost:4000"), 101) << "the served origin";
  EXPECT_EQ(upgrade_status(srv->port(), ""), 101) << "no Origin: not a browser";
  EXPECT_GE(srv->stats().http_forbidden, 1u);
}

TEST_F(hardening_test, allowed_origins_are_let_in) {
  start({.browser = {.allowed_origins = {"https://dash.example"}}});
  EXPECT_EQ(upgrade_status(srv->port(), "https://dash.example"), 101);
  EXPECT_EQ(get("/graphql?query=x", {{"Origin", "https://dash.example"}}).result_int(), 200);
}

TEST_F(hardening_test, cross_origin_graphql_get_is_403_and_same_origin_passes) {
  start();
  EXPECT_EQ(get("/graphql?query=x", {{"Origin", "https://evil.example"}}).result_int(), 403);
  EXPECT_EQ(get("/graphql?query=x", {{"Origin", "http://localhost"}}).result_int(), 200);
  EXPECT_EQ(get("/graphql?query=x").result_int(), 200);
}

TEST_F(hardening_test, host_not_listed_is_403_when_hosts_are_configured) {
  start({.browser = {.allowed_hosts = {"dash.example"}}});
  EXPECT_EQ(get("/healthz").result_int(), 403) << "the test client says Host: localhost";
  asio::io_context ioc;
  auto s = connect_to(ioc, srv->port());
  EXPECT_EQ(raw_exchange(s, "GET /healthz HTTP/1.1\r\nHost: dash.example:4000\r\n\r\n").result_int(), 200);
}

TEST_F(hardening_test, static_files_over_the_wire_gzip_and_304) {
  start();
  auto r = get("/", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r[http::field::content_encoding], "gzip");
  EXPECT_EQ(r[http::field::vary], "Accept-Encoding");
  auto again = get("/", {{"Accept-Encoding", "gzip"}, {"If-None-Match", std::string(r[http::field::etag])}});
  EXPECT_EQ(again.result_int(), 304);
  auto head = request(srv->port(), http::verb::head, "/", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(head[http::field::content_length], std::to_string(r.body().size()));
}

TEST_F(hardening_test, slow_headers_are_cut_at_the_header_timeout) {
  start({.header_timeout = std::chrono::milliseconds(200)});
  asio::io_context ioc;
  auto s = connect_to(ioc, srv->port());
  asio::write(s, asio::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")));
  char byte;
  beast::error_code ec;
  s.read_some(asio::buffer(&byte, 1), ec);  // blocks until the server closes (5 s read timeout)
  EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
  EXPECT_TRUE(eventually([&] { return srv->stats().open_sessions == 0; }));
  EXPECT_EQ(get("/healthz").result_int(), 200);
}

TEST_F(hardening_test, a_client_that_never_reads_its_response_is_cut_at_the_body_timeout) {
  std::filesystem::create_directories(web);
  std::string noise(8 << 20, '\0');
  std::uint64_t x = 88172645463325252ull;
  for (auto& c : noise) c = static_cast<char>((x ^= x << 13, x ^= x >> 7, x ^= x << 17));  // incompressible
  std::ofstream(web / "noise.bin", std::ios::binary) << noise;
  start({.body_timeout = std::chrono::milliseconds(300), .socket_send_buffer = 4096});
  asio::io_context ioc;
  auto s = connect_to(ioc, srv->port(), "127.0.0.1", 4096);
  asio::write(s, asio::buffer(std::string("GET /noise.bin HTTP/1.1\r\nHost: x\r\n\r\n")));
  ASSERT_TRUE(eventually([&] { return srv->stats().open_sessions == 1; }));
  EXPECT_TRUE(eventually([&] { return srv->stats().open_sessions == 0; })) << "the stalled write timed out";
  EXPECT_EQ(get("/healthz").result_int(), 200);
}

TEST_F(hardening_test, ws_distinct_subscriptions_over_the_bound_get_an_error_not_a_close) {
  start({.ws_max_distinct_subscriptions = 2});
  ws_client c(srv->port());
  c.send(R"({"type":"connection_init"})");
  ASSERT_EQ(c.read(), R"({"type":"connection_ack"})");
  for (int i = 0; i < 2; ++i) {
    c.send(R"({"id":")" + std::to_string(i) + R"(","type":"subscribe","payload":{"query":"subscription { v )" +
           std::to_string(i) + R"( }"}})");
    ASSERT_NE(c.read().find(R"("type":"next")"), std::string::npos);
  }
  c.send(R"({"id":"x","type":"subscribe","payload":{"query":"subscription { w }"}})");
  auto error = c.read();
  EXPECT_NE(error.find(R"("type":"error")"), std::string::npos) << error;
  EXPECT_NE(error.find("ws-max-distinct-subscriptions"), std::string::npos) << error;
  c.send(R"({"type":"ping"})");
  EXPECT_EQ(c.read(), R"({"type":"pong"})") << "the socket stays open";
}

TEST_F(hardening_test, subscriptions_keep_publishing_after_the_wall_clock_steps_back) {
  auto& clock = manual;
  start({}, clock);
  ws_client c(srv->port());
  c.send(R"({"type":"connection_init"})");
  ASSERT_EQ(c.read(), R"({"type":"connection_ack"})");
  c.send(R"({"id":"s","type":"subscribe","payload":{"query":"subscription { v }"}})");
  ASSERT_EQ(c.read(), R"({"id":"s","type":"next","payload":{"data":{"value":1}}})");
  backend->value = 2;
  clock.advance(1000);
  srv->notify(nullptr);  // the fake backend reads its own value
  ASSERT_TRUE(eventually([&] { return srv->stats().publications == 1; })) << srv->stats().subscribers;
  ASSERT_EQ(c.read(), R"({"id":"s","type":"next","payload":{"data":{"value":2}}})");
  clock.step_wall(-3'600'000);  // the host's time is set back an hour
  clock.advance(150);           // more than the publish interval passes
  backend->value = 3;
  srv->notify(nullptr);  // the fake backend reads its own value
  ASSERT_TRUE(eventually([&] { return srv->stats().publications == 2; })) << "the publication waits an hour";
  EXPECT_EQ(c.read(), R"({"id":"s","type":"next","payload":{"data":{"value":3}}})") << "not an hour later";
}

// Runs out of descriptors on purpose: the soft limit is lowered to what is open now plus a
// few, the rest are taken by /dev/null, and one client connects. accept() fails with EMFILE
// while the connection waits in the backlog; the listener must pause, not spin.
TEST_F(hardening_test, out_of_descriptors_at_accept_backs_off_instead_of_spinning) {
#if defined(__SANITIZE_ADDRESS__)
  // With the descriptor table full, UBSan's vptr check cannot read the memory map it needs and
  // reports Asio's scheduler task as an invalid object: the Release build runs this test.
  GTEST_SKIP() << "the sanitizer runtime needs descriptors of its own";
#endif
  start({.accept_backoff = std::chrono::milliseconds(50)});
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
  asio::io_context ioc;
  tcp::socket client(ioc);
  client.open(tcp::v4());  // its descriptor, before the table fills up
  int highest = ::dup(0);
  ::close(highest);
  rlimit low{static_cast<rlim_t>(highest + 16), saved.rlim_max};
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
  std::vector<int> fillers;
  for (int fd; (fd = ::open("/dev/null", O_RDONLY)) >= 0;) fillers.push_back(fd);
  client.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), srv->port()));
  bool failed = eventually([&] { return srv->stats().accept_errors >= 1; });
  auto errors_at = srv->stats().accept_errors;
  // Half a second of EMFILE: a spinning loop fails ~100k times, a paused one ~10 times.
  for (int i = 0; i < 500; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  auto errors = srv->stats().accept_errors - errors_at;
  for (int fd : fillers) ::close(fd);
  ::setrlimit(RLIMIT_NOFILE, &saved);
  ASSERT_TRUE(failed) << "accept never failed";
  EXPECT_LE(errors, 40u) << "the accept loop spun";
  set_read_timeout(client, 5);
  EXPECT_EQ(raw_exchange(client, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").result_int(), 200)
      << "served once descriptors are free again";
}

}  // namespace
}  // namespace wmpulse::server
