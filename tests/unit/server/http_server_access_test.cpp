// Access control over loopback sockets: every route with each role, accepted and refused;
// graphql-ws authenticated by the upgrade's header and by connection_init's payload, refused
// with 4403; an access configuration swapped while the server runs.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "server/http_server.hpp"
#include "server/static_files.hpp"
#include "unit/server/access_fixture.hpp"
#include "unit/server/fake_backend.hpp"
#include "unit/server/test_client.hpp"

namespace wmpulse::server {
namespace {
using namespace testing;

class http_server_access_test : public ::testing::Test {
protected:
  core::manual_clock clock{1'000'000};
  std::shared_ptr<fake_backend> backend = std::make_shared<fake_backend>();
  std::shared_ptr<access_control> access = std::make_shared<access_control>(test_access_config());
  std::filesystem::path web = std::filesystem::temp_directory_path() / ("wmpulse-access-" + std::to_string(::getpid()));
  std::unique_ptr<http_server> srv;

  void SetUp() override {
    std::filesystem::create_directories(web);
    std::ofstream(web / "index.html") << "<title>dash</title>";
    srv = std::make_unique<http_server>(server_options{.address = "127.0.0.1", .port = 0}, clock);
    auto ok = [](std::string body) {
      return [body](const http_request_view&) { return http_answer{200, "text/plain", body, {}}; };
    };
    srv->routes().add("/graphql", {"GET"}, ok("graphiql page"), accepts_html);
    srv->routes().add("/graphql", {"GET", "POST"}, ok("data"));
    srv->routes().add("/metrics", {"GET"}, ok("wmpulse_up 1\n"));
    for (const char* health : {"/livez", "/readyz", "/healthz"}) srv->routes().add(health, {"GET"}, ok("ok\n"));
    srv->routes().add_static("/", web);
    srv->set_graphql_ws(backend);
    srv->set_access(access);
    srv->start();
  }
  void TearDown() override {
    srv->stop();
    std::filesystem::remove_all(web);
  }
  unsigned status(http::verb method, const std::string& target, const std::string& authorization,
                  std::string accept = "application/json") {
    std::vector<std::pair<std::string, std::string>> headers{{"Accept", accept}};
    if (!authorization.empty()) headers.emplace_back("Authorization", authorization);
    return request(srv->port(), method, target, headers, method == http::verb::post ? R"({"query":"{v}"})" : "").result_int();
  }
};

TEST_F(http_server_access_test, each_route_accepts_its_role_and_refuses_the_others) {
  const std::string viewer = bearer(viewer_token), metrics = bearer(metrics_token), both = basic("yves", "yves-password");
  struct row {
    http::verb method;
    const char* target;
    unsigned none, as_viewer, as_metrics, as_both;
  };
  for (const row& r : {row{http::verb::post, "/graphql", 401, 200, 403, 200},
                       row{http::verb::get, "/graphql?query=%7Bv%7D", 401, 200, 403, 200},
                       row{http::verb::get, "/metrics", 401, 403, 200, 200},
                       row{http::verb::get, "/livez", 200, 200, 200, 200},
                       row{http::verb::get, "/readyz", 200, 200, 200, 200},
                       row{http::verb::get, "/healthz", 200, 200, 200, 200},
                       row{http::verb::get, "/", 200, 200, 200, 200}}) {
    SCOPED_TRACE(r.target);
    EXPECT_EQ(status(r.method, r.target, ""), r.none);
    EXPECT_EQ(status(r.method, r.target, viewer), r.as_viewer);
    EXPECT_EQ(status(r.method, r.target, metrics), r.as_metrics);
    EXPECT_EQ(status(r.method, r.target, both), r.as_both);
  }
  EXPECT_EQ(status(http::verb::get, "/graphql", "", "text/html"), 200u) << "GraphiQL's page holds no data";
}

TEST_F(http_server_access_test, refusals_carry_a_challenge_and_count) {
  auto res = request(srv->port(), http::verb::get, "/metrics");
  EXPECT_EQ(res.result_int(), 401u);
  EXPECT_NE(res[http::field::www_authenticate].find("Basic realm="), std::string::npos);
  EXPECT_EQ(status(http::verb::get, "/metrics", basic("ada", "wrong")), 401u);
  EXPECT_EQ(status(http::verb::get, "/metrics", basic("nobody", "ada-password")), 401u);
  EXPECT_EQ(status(http::verb::get, "/metrics", basic("ada", "ada-password")), 403u);
  const auto s = srv->stats().access;
  EXPECT_EQ(s.unauthenticated, 3u);
  EXPECT_EQ(s.bad_credentials, 2u);
  EXPECT_EQ(s.forbidden, 1u);
}

TEST_F(http_server_access_test, refused_requests_keep_the_connection) {
  asio::io_context ioc;
  auto s = connect_to(ioc, srv->port());
  auto first = raw_exchange(s, "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_EQ(first.result_int(), 401u);
  auto second = raw_exchange(s, "GET /metrics HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + bearer(metrics_token) + "\r\n\r\n");
  EXPECT_EQ(second.result_int(), 200u);
}

TEST_F(http_server_access_test, graphql_ws_by_the_upgrade_header) {
  ws_client c(srv->port(), "graphql-transport-ws", 0, bearer(viewer_token));
  c.send(R"({"type":"connection_init"})");
  EXPECT_EQ(c.read(), R"({"type":"connection_ack"})");
  c.send(R"({"id":"q","type":"subscribe","payload":{"query":"{ v }"}})");
  EXPECT_EQ(c.read(), R"({"id":"q","type":"next","payload":{"data":{"value":1}}})");
}

TEST_F(http_server_access_test, graphql_ws_upgrade_with_a_bad_header_is_refused_before_the_socket) {
  for (const std::string& auth : {bearer("nope"), bearer(metrics_token), basic("ada", "wrong")}) {
    SCOPED_TRACE(auth);
    EXPECT_THROW(ws_client(srv->port(), "graphql-transport-ws", 0, auth), boost::system::system_error);
  }
}

TEST_F(http_server_access_test, graphql_ws_by_the_init_payload) {
  ws_client c(srv->port());
  c.send(R"({"type":"connection_init","payload":{"authorization":")" + basic("ada", "ada-password") + R"("}})");
  EXPECT_EQ(c.read(), R"({"type":"connection_ack"})");
  c.send(R"({"id":"q","type":"subscribe","payload":{"query":"{ v }"}})");
  EXPECT_EQ(c.read(), R"({"id":"q","type":"next","payload":{"data":{"value":1}}})");
}

TEST_F(http_server_access_test, graphql_ws_init_without_a_viewer_credential_closes_4403) {
  for (const std::string& init :
       {std::string(R"({"type":"connection_init"})"),
        R"({"type":"connection_init","payload":{"authorization":")" + bearer(metrics_token) + R"("}})",
        R"({"type":"connection_init","payload":{"authorization":")" + basic("ada", "wrong") + R"("}})",
        R"({"type":"connection_init","payload":{"authorization":")" + basic("nobody", "x") + R"("}})"}) {
    SCOPED_TRACE(init);
    ws_client c(srv->port());
    c.send(init);
    EXPECT_EQ(c.read(), "");
    EXPECT_EQ(c.close_code(), 4403);
  }
}

TEST_F(http_server_access_test, a_new_access_configuration_applies_to_the_next_request) {
  EXPECT_EQ(status(http::verb::get, "/metrics", ""), 401u);
  srv->set_access(nullptr);
  EXPECT_EQ(status(http::verb::get, "/metrics", ""), 200u);
  access_config only_viewer = test_access_config();
  only_viewer.tokens.pop_back();  // the metrics token is revoked
  srv->set_access(std::make_shared<access_control>(only_viewer));
  EXPECT_EQ(status(http::verb::get, "/metrics", bearer(metrics_token)), 401u);
}

}  // namespace
}  // namespace wmpulse::server
