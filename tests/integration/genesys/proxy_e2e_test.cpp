// build/wmpulse --source genesys reaching the simulator through a real HTTP proxy (Debian's
// tinyproxy on loopback) with HTTPS_PROXY, as in a corporate network: the token request, the
// REST calls and the notification WebSocket all go through CONNECT tunnels, TLS end to end.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>

#include "support/child_process.hpp"
#include "support/http_client.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using wmpulse::testing::child_process;
using wmpulse::testing::port_in_line;

const char* const client_id = "proxy-e2e-client";
const char* const client_secret = "proxy-e2e-secret-not-for-logs";
const char* const proxy_user = "wm-user";
const char* const proxy_password = "proxy-password-not-for-logs";

unsigned short free_loopback_port() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

bool accepts_connections(unsigned short port) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket s(ioc);
  boost::system::error_code ec;
  s.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
  return !ec;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct genesys_through_proxy : ::testing::Test {
  void SetUp() override {
    dir = fs::temp_directory_path() / ("wmpulse-proxy-e2e-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    start_simulator();
    start_proxy();
  }
  void TearDown() override {
    service.reset();
    proxy.reset();
    sim.reset();
    fs::remove_all(dir);
  }

  void start_simulator() {
    sim.emplace(WMPULSE_SIM_BINARY,
                std::vector<std::string>{"--port", "0", "--tls", "--ca-out", (dir / "ca.pem").string(), "--client-id",
                                         client_id, "--client-secret", client_secret, "--log-level", "warn", "--seed",
                                         "5", "--queues", "2", "--rate", "120", "--speed", "20", "--duration", "10m"});
    if (auto line = sim->wait_for_line("listening on", 30s)) sim_port = port_in_line(*line).value_or(0);
    ASSERT_NE(sim_port, 0);
  }

  // tinyproxy needs its port in its config: a free one, retried if another process takes it first.
  void start_proxy() {
    for (int attempt = 0; attempt < 5 && !proxy_port; ++attempt) {
      const auto port = free_loopback_port();
      std::ofstream(dir / "tinyproxy.conf") << "Port " << port << "\nListen 127.0.0.1\nTimeout 60\nLogFile \""
                                            << (dir / "tinyproxy.log").string()
                                            << "\"\nLogLevel Info\nMaxClients 50\nAllow 127.0.0.1\nBasicAuth " << proxy_user
                                            << " " << proxy_password << "\n";
      proxy.emplace(WMPULSE_TINYPROXY, std::vector<std::string>{"-d", "-c", (dir / "tinyproxy.conf").string()});
      for (int i = 0; i < 100 && proxy->running() && !accepts_connections(port); ++i) std::this_thread::sleep_for(50ms);
      if (proxy->running() && accepts_connections(port)) proxy_port = port;
    }
    ASSERT_NE(proxy_port, 0) << "tinyproxy did not start";
  }

  void start_service(const std::string& password, const std::string& no_proxy = {}) {
    const std::string base = "https://127.0.0.1:" + std::to_string(sim_port);
    std::map<std::string, std::string> env{
        {"GENESYS_CLOUD_CLIENT_ID", client_id},
        {"GENESYS_CLOUD_CLIENT_SECRET", client_secret},
        {"HTTPS_PROXY", std::string("http://") + proxy_user + ":" + password + "@127.0.0.1:" + std::to_string(proxy_port)},
        {"NO_PROXY", no_proxy}};
    service.emplace(WMPULSE_BINARY,
                    std::vector<std::string>{"--source", "genesys", "--login-base", base, "--api-base", base, "--ca-file",
                                             (dir / "ca.pem").string(), "--clock", "event", "--bind", "127.0.0.1",
                                             "--port", "0", "--log-level", "warn"},
                    env);
    if (auto line = service->wait_for_line("listening on", 30s)) service_port = port_in_line(*line).value_or(0);
    ASSERT_NE(service_port, 0);
  }

  // Bounded poll of the service's status until `done` says so; the last answer.
  json::object poll_status(const std::function<bool(const json::object&)>& done) {
    json::object last;
    for (int i = 0; i < 600; ++i) {
      auto a = wmpulse::testing::graphql_query(service_port,
                                               "{ status { state lastError } realTimeMetrics { totalConnections } }");
      if (const auto* d = a.is_object() ? a.as_object().if_contains("data") : nullptr; d && d->is_object()) {
        last = d->as_object();
        if (done(last)) break;
      }
      std::this_thread::sleep_for(100ms);
    }
    return last;
  }

  std::size_t tunnels_to_simulator() const {
    const auto log = read_file(dir / "tinyproxy.log");
    const std::string request = "CONNECT 127.0.0.1:" + std::to_string(sim_port) + " ";
    std::size_t n = 0;
    for (auto at = log.find(request); at != std::string::npos; at = log.find(request, at + 1)) ++n;
    return n;
  }

  fs::path dir;
  std::optional<child_process> sim, proxy, service;
  unsigned short sim_port = 0, proxy_port = 0, service_port = 0;
};

double total_connections(const json::object& d) {
  return d.at("realTimeMetrics").at("totalConnections").to_number<double>();
}

TEST_F(genesys_through_proxy, follows_genesys_through_an_authenticating_proxy) {
  start_service(proxy_password);
  const auto d = poll_status([](const json::object& d) {
    return d.at("status").at("state").as_string() == "CONNECTED" && total_connections(d) > 0;
  });
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d.at("status").at("state").as_string(), "CONNECTED") << json::serialize(d);
  EXPECT_GT(total_connections(d), 0) << json::serialize(d);
  // The login, the REST calls and the notification socket: each its own tunnel.
  EXPECT_GE(tunnels_to_simulator(), 2u) << read_file(dir / "tinyproxy.log");
}

TEST_F(genesys_through_proxy, a_proxy_refusing_the_credentials_is_a_clear_error_without_them) {
  start_service("not-the-password");
  const auto d = poll_status([](const json::object& d) {
    const auto& e = d.at("status").at("lastError");
    return e.is_string() && e.as_string().find("proxy") != json::string::npos;
  });
  ASSERT_FALSE(d.empty());
  const auto& error = d.at("status").at("lastError");
  ASSERT_TRUE(error.is_string()) << json::serialize(d);
  const std::string text(error.as_string());
  EXPECT_NE(text.find("proxy"), std::string::npos) << text;
  // RFC 9110 says 407; tinyproxy answers a CONNECT with bad credentials 401. Either is a refusal.
  EXPECT_NE(text.find("refused (HTTP 40"), std::string::npos) << text;
  EXPECT_EQ(text.find("not-the-password"), std::string::npos) << text;
  EXPECT_EQ(total_connections(d), 0);
}

TEST_F(genesys_through_proxy, no_proxy_sends_the_named_hosts_around_it) {
  start_service(proxy_password, "localhost,127.0.0.1");
  const auto d = poll_status([](const json::object& d) { return total_connections(d) > 0; });
  ASSERT_FALSE(d.empty());
  EXPECT_GT(total_connections(d), 0) << json::serialize(d);
  EXPECT_EQ(tunnels_to_simulator(), 0u) << read_file(dir / "tinyproxy.log");
}

}  // namespace
