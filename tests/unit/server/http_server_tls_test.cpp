// The server over TLS with a test CA: HTTPS and graphql-ws over wss, verification on at the
// client; a new certificate applies to the next connection while the old one keeps serving.
#include <array>
#include <chrono>
#include <thread>

#include <boost/beast/websocket/ssl.hpp>
#include <gtest/gtest.h>

#include "net/tls.hpp"
#include "server/http_server.hpp"
#include "sim/tls_cert.hpp"
#include "unit/server/fake_backend.hpp"
#include "unit/server/test_client.hpp"

namespace wmpulse::server {
namespace {
using namespace testing;
namespace ssl = net::ssl;

// Polls `done` for at most ~10 s; the condition, not the time, is asserted.
template <class F>
bool eventually_true(F done) {
  for (int i = 0; i < 10'000 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return done();
}

// One HTTPS GET verified against `ca_pem` for the name "localhost"; the status, or 0 when the
// handshake fails (e.g. the server's certificate is not from that CA).
unsigned https_get(std::uint16_t port, const std::string& ca_pem, const std::string& target) {
  asio::io_context ioc;
  ssl::context ctx{ssl::context::tls_client};
  ctx.set_verify_mode(ssl::verify_peer);
  ctx.add_certificate_authority(asio::buffer(ca_pem));
  beast::ssl_stream<tcp::socket> s(connect_to(ioc, port), ctx);
  net::prepare_client_tls(s, "localhost");
  beast::error_code ec;
  s.handshake(ssl::stream_base::client, ec);
  if (ec) return 0;
  http::request<http::string_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "localhost");
  http::write(s, req);
  beast::flat_buffer buffer;
  response res;
  http::read(s, buffer, res);
  return res.result_int();
}

class http_server_tls_test : public ::testing::Test {
protected:
  core::manual_clock clock{1'000'000};
  sim::test_pki first = sim::generate_test_pki();
  std::unique_ptr<http_server> srv;

  void SetUp() override {
    srv = std::make_unique<http_server>(server_options{.address = "127.0.0.1", .port = 0}, clock);
    srv->routes().add("/livez", {"GET"}, [](const http_request_view&) { return text_answer(200, "ok\n"); });
    srv->set_graphql_ws(std::make_shared<fake_backend>());
    srv->set_tls(sim::make_server_tls_context(first));
    srv->start();
  }
  void TearDown() override { srv->stop(); }
};

TEST_F(http_server_tls_test, serves_https_verified_against_the_test_ca) {
  EXPECT_EQ(https_get(srv->port(), first.ca_pem, "/livez"), 200u);
  EXPECT_EQ(https_get(srv->port(), sim::generate_test_pki().ca_pem, "/livez"), 0u) << "another CA does not verify";
}

TEST_F(http_server_tls_test, plain_http_to_the_tls_port_gets_no_answer) {
  asio::io_context ioc;
  auto s = connect_to(ioc, srv->port());
  beast::error_code ec;
  asio::write(s, asio::buffer(std::string("GET /livez HTTP/1.1\r\nHost: localhost\r\n\r\n")), ec);
  std::array<char, 256> buf{};
  std::size_t received = 0;
  for (int i = 0; i < 16 && !ec; ++i) received += s.read_some(asio::buffer(buf), ec);  // at most a TLS alert
  EXPECT_TRUE(ec) << "the server closes a connection that is not TLS";
  EXPECT_LT(received, buf.size() * 16) << "no HTTP answer";
  EXPECT_TRUE(eventually_true([&] { return srv->stats().tls_handshake_failures >= 1; }));
}

TEST_F(http_server_tls_test, a_new_certificate_applies_to_the_next_connection) {
  const sim::test_pki second = sim::generate_test_pki();
  srv->set_tls(sim::make_server_tls_context(second));
  EXPECT_EQ(https_get(srv->port(), second.ca_pem, "/livez"), 200u);
  EXPECT_EQ(https_get(srv->port(), first.ca_pem, "/livez"), 0u);
}

TEST_F(http_server_tls_test, graphql_ws_over_wss) {
  asio::io_context ioc;
  ssl::context ctx{ssl::context::tls_client};
  ctx.set_verify_mode(ssl::verify_peer);
  ctx.add_certificate_authority(asio::buffer(first.ca_pem));
  websocket::stream<beast::ssl_stream<tcp::socket>> ws(connect_to(ioc, srv->port()), ctx);
  net::prepare_client_tls(ws.next_layer(), "localhost");
  ws.next_layer().handshake(ssl::stream_base::client);
  ws.set_option(websocket::stream_base::decorator(
      [](websocket::request_type& r) { r.set(http::field::sec_websocket_protocol, "graphql-transport-ws"); }));
  ws.handshake("localhost", "/graphql");
  ws.text(true);
  ws.write(asio::buffer(std::string(R"({"type":"connection_init"})")));
  beast::flat_buffer b;
  ws.read(b);
  EXPECT_EQ(beast::buffers_to_string(b.data()), R"({"type":"connection_ack"})");
}

}  // namespace
}  // namespace wmpulse::server
