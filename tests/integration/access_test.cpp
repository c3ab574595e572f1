// The real wmpulse with and without access control: the bind default and the startup line,
// the refusal to start without a source, a web config file with tokens over HTTPS (test CA),
// synthetic figures marked in GraphQL and /metrics, and SIGHUP reloading the certificate and
// the tokens.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "net/http_auth.hpp"
#include "net/tls.hpp"
#include "sim/tls_cert.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace wmpulse::testing {
namespace {
using namespace std::chrono_literals;
namespace asio = net::asio;
namespace beast = net::beast;
namespace http = net::http;
namespace ssl = net::ssl;

// The local address the kernel lists for a listening TCP socket on `port` ("0100007F" is
// 127.0.0.1, "00000000" is 0.0.0.0), from /proc/net/tcp.
std::string listening_address(unsigned short port) {
  std::ifstream in("/proc/net/tcp");
  std::string line;
  char hex_port[8];
  std::snprintf(hex_port, sizeof hex_port, ":%04X", port);
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state;
    fields >> slot >> local >> remote >> state;
    if (state == "0A" && local.ends_with(hex_port)) return local.substr(0, local.find(':'));
  }
  return "none";
}

struct reply {
  unsigned status = 0;  // 0: no TLS session (e.g. the certificate is not from the CA)
  std::string body;
};

// One HTTPS request, verified against `ca_pem` for 127.0.0.1.
reply https(unsigned short port, const std::string& ca_pem, http::verb method, const std::string& target,
            const std::string& authorization = {}, const std::string& body = {}) {
  asio::io_context ioc;
  ssl::context ctx{ssl::context::tls_client};
  ctx.set_verify_mode(ssl::verify_peer);
  ctx.add_certificate_authority(asio::buffer(ca_pem));
  beast::ssl_stream<beast::tcp_stream> s(ioc, ctx);
  net::prepare_client_tls(s, "127.0.0.1");
  beast::error_code ec;
  beast::get_lowest_layer(s).expires_after(10s);
  beast::get_lowest_layer(s).connect(net::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  if (!ec) s.handshake(ssl::stream_base::client, ec);
  if (ec) return {};
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::content_type, "application/json");
  if (!authorization.empty()) req.set(http::field::authorization, authorization);
  req.body() = body;
  req.prepare_payload();
  http::write(s, req, ec);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  if (!ec) http::read(s, buffer, res, ec);
  if (ec) return {};
  return {res.result_int(), res.body()};
}

std::string token_config(const std::string& viewer, const std::string& metrics) {
  return "[[tokens]]\nname = \"dashboard\"\nsha256 = \"" + net::sha256_hex(viewer) + "\"\nroles = [\"viewer\"]\n" +
         "[[tokens]]\nname = \"prometheus\"\nsha256 = \"" + net::sha256_hex(metrics) + "\"\nroles = [\"metrics\"]\n";
}

TEST(access_e2e, without_access_control_it_binds_loopback_and_says_access_is_open) {
  child_process svc(WMPULSE_BINARY, {"--source", "none", "--port", "0", "--log-level", "error"});
  const auto line = svc.wait_for_line("listening on", 30s);
  ASSERT_TRUE(line);
  EXPECT_NE(line->find("http://127.0.0.1:"), std::string::npos) << *line;
  EXPECT_NE(line->find("access=OPEN"), std::string::npos) << *line;
  EXPECT_EQ(listening_address(port_in_line(*line).value_or(0)), "0100007F") << "127.0.0.1 only";
}

TEST(access_e2e, without_a_source_or_credentials_it_refuses_to_start_naming_the_choices) {
  const std::string command = "env -u GENESYS_CLOUD_CLIENT_ID -u GENESYS_CLIENT_ID -u GENESYS_CLOUD_CLIENT_SECRET "
                              "-u GENESYS_CLIENT_SECRET -u GENESYS_CLOUD_CLIENT_SECRET_FILE -u WMPULSE_SOURCE " +
                              std::string(WMPULSE_BINARY) + " --port 0 2>&1";
  FILE* out = ::popen(command.c_str(), "r");
  ASSERT_TRUE(out);
  std::string text;
  char buf[512];
  while (std::fgets(buf, sizeof buf, out)) text += buf;
  const int status = ::pclose(out);
  EXPECT_EQ(WEXITSTATUS(status), 2) << text;
  EXPECT_EQ(text.find("listening on"), std::string::npos) << text;
  for (const char* choice : {"--source genesys", "--source tutorial", "--source replay", "--source generator"})
    EXPECT_NE(text.find(choice), std::string::npos) << choice << " in: " << text;
}

class secured_service : public ::testing::Test {
protected:
  temp_dir dir;
  sim::test_pki pki = sim::generate_test_pki();
  std::string cert = dir.file("tls.crt", pki.leaf_pem + pki.ca_pem);
  std::string key = dir.file("tls.key", pki.leaf_key_pem);
  std::string web = dir.file("web.toml", token_config("viewer-1", "metrics-1"));
  std::unique_ptr<child_process> svc;
  unsigned short port = 0;
  std::string line;

  void SetUp() override {
    svc = std::make_unique<child_process>(
        WMPULSE_BINARY, std::vector<std::string>{"--source", "generator", "--generator-rate", "600", "--port", "0",
                                                 "--bind", "127.0.0.1", "--web-config-file", web, "--tls-cert", cert, "--tls-key", key,
                                                 "--log-level", "error"});
    const auto l = svc->wait_for_line("listening on", 30s);
    ASSERT_TRUE(l);
    line = *l;
    port = port_in_line(line).value_or(0);
    ASSERT_NE(port, 0);
  }
};

// (The default bind with a web config file, 0.0.0.0, is checked by the config tests: this one
// stays on loopback.)
TEST_F(secured_service, says_it_is_restricted_and_serves_https_by_role) {
  EXPECT_NE(line.find("https://"), std::string::npos) << line;
  EXPECT_NE(line.find("access=restricted"), std::string::npos) << line;
  EXPECT_NE(line.find("SYNTHETIC"), std::string::npos) << line;
  EXPECT_EQ(https(port, pki.ca_pem, http::verb::get, "/healthz").status, 200u);
  EXPECT_EQ(https(port, pki.ca_pem, http::verb::get, "/metrics").status, 401u);
  EXPECT_EQ(https(port, pki.ca_pem, http::verb::get, "/metrics", "Bearer viewer-1").status, 403u);
  const auto metrics = https(port, pki.ca_pem, http::verb::get, "/metrics", "Bearer metrics-1");
  EXPECT_EQ(metrics.status, 200u);
  EXPECT_NE(metrics.body.find(R"(wmpulse_source_info{kind="generator",synthetic="true"} 1)"), std::string::npos);
  const std::string query = R"({"query":"{ status { source synthetic } }"})";
  EXPECT_EQ(https(port, pki.ca_pem, http::verb::post, "/graphql", "Bearer metrics-1", query).status, 403u);
  const auto status = https(port, pki.ca_pem, http::verb::post, "/graphql", "Bearer viewer-1", query);
  EXPECT_EQ(status.status, 200u);
  EXPECT_NE(status.body.find(R"("synthetic":true)"), std::string::npos) << status.body;
}

TEST_F(secured_service, sighup_reloads_the_certificate_and_the_tokens) {
  ASSERT_EQ(https(port, pki.ca_pem, http::verb::get, "/metrics", "Bearer metrics-1").status, 200u);
  const sim::test_pki renewed = sim::generate_test_pki();
  dir.file("tls.crt", renewed.leaf_pem + renewed.ca_pem);
  dir.file("tls.key", renewed.leaf_key_pem);
  dir.file("web.toml", token_config("viewer-2", "metrics-2"));
  ASSERT_EQ(::kill(svc->pid(), SIGHUP), 0);
  // Bounded poll: the next connections use the renewed pair and the new tokens.
  reply r;
  for (int i = 0; i < 500 && r.status != 200; ++i) {
    r = https(port, renewed.ca_pem, http::verb::get, "/metrics", "Bearer metrics-2");
    if (r.status != 200) std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(https(port, pki.ca_pem, http::verb::get, "/healthz").status, 0u) << "the old certificate is gone";
  EXPECT_EQ(https(port, renewed.ca_pem, http::verb::get, "/metrics", "Bearer metrics-1").status, 401u);
}

TEST_F(secured_service, a_broken_file_on_sighup_keeps_the_previous_configuration) {
  dir.file("web.toml", "[[tokens]]\nname = \"broken\"\n");
  ASSERT_EQ(::kill(svc->pid(), SIGHUP), 0);
  // The reload is refused and logged; the service goes on with what it had. Bounded: a few
  // requests, each of which must still be served with the old token.
  for (int i = 0; i < 20; ++i)
    ASSERT_EQ(https(port, pki.ca_pem, http::verb::get, "/metrics", "Bearer metrics-1").status, 200u);
  EXPECT_TRUE(svc->running());
}

}  // namespace
}  // namespace wmpulse::testing
