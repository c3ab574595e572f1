// The tutorial source over wss:// against the simulator's TLS stream: TLS verification is
// always on, so the service connects when it trusts the simulator's test CA (--ca-file) and
// refuses the connection when it does not.
#include <gtest/gtest.h>

#include <filesystem>

#include <boost/json.hpp>

#include "support/child_process.hpp"
#include "support/http_client.hpp"

using namespace wmpulse::testing;
using namespace std::chrono_literals;

namespace {

struct tls_simulator {
  std::filesystem::path dir;
  std::unique_ptr<child_process> proc;
  unsigned short port = 0;

  tls_simulator() : dir(std::filesystem::temp_directory_path() / ("wmpulse-wss-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(dir);
    proc = std::make_unique<child_process>(
        WMPULSE_SIM_BINARY, std::vector<std::string>{"--port", "0", "--tls", "--ca-out", ca(), "--no-auth-stream",
                                                     "--speed", "20", "--rate", "120", "--seed", "3"});
    if (auto line = proc->wait_for_line("listening on", 30s)) port = port_in_line(*line).value_or(0);
  }
  ~tls_simulator() {
    proc.reset();
    std::filesystem::remove_all(dir);
  }
  std::string ca() const { return (dir / "ca.pem").string(); }
  std::string stream_url() const {
    return "wss://127.0.0.1:" + std::to_string(port) + "/api/v2/analytics/events/stream";
  }
};

std::unique_ptr<child_process> start_service(const tls_simulator& sim, std::vector<std::string> extra,
                                             unsigned short& port) {
  std::vector<std::string> args{"--source", "tutorial", "--events-url", sim.stream_url(), "--clock", "event",
                                "--port", "0", "--bind", "127.0.0.1", "--log-level", "error"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto p = std::make_unique<child_process>(WMPULSE_BINARY, args);
  auto line = p->wait_for_line("listening on", 30s);
  port = line ? port_in_line(*line).value_or(0) : 0;
  return p;
}

boost::json::object status_of(unsigned short port) {
  auto v = graphql_query(port, "{ status { state eventsIngested lastError } }");
  if (!v.is_object() || !v.as_object().contains("data")) return {};
  return v.at("data").at("status").as_object();
}

}  // namespace

TEST(tutorial_source_wss, connects_when_the_test_ca_is_trusted) {
  tls_simulator sim;
  ASSERT_NE(sim.port, 0);
  unsigned short port = 0;
  auto svc = start_service(sim, {"--ca-file", sim.ca()}, port);
  ASSERT_NE(port, 0);
  boost::json::object st;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline) {
    st = status_of(port);
    if (!st.empty() && st.at("eventsIngested").to_number<double>() > 0) break;
    std::this_thread::sleep_for(100ms);  // bounded poll of a condition
  }
  ASSERT_FALSE(st.empty());
  EXPECT_EQ(st.at("state").as_string(), "CONNECTED");
  EXPECT_GT(st.at("eventsIngested").to_number<double>(), 0);
}

TEST(tutorial_source_wss, refuses_a_server_it_cannot_verify) {
  tls_simulator sim;
  ASSERT_NE(sim.port, 0);
  unsigned short port = 0;
  auto svc = start_service(sim, {}, port);  // the system trust store does not know the test CA
  ASSERT_NE(port, 0);
  boost::json::object st;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline) {
    st = status_of(port);
    if (!st.empty() && st.at("lastError").is_string()) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_FALSE(st.empty());
  ASSERT_TRUE(st.at("lastError").is_string());
  EXPECT_NE(std::string(st.at("lastError").as_string()).find("TLS handshake"), std::string::npos)
      << st.at("lastError").as_string();
  EXPECT_EQ(st.at("eventsIngested").to_number<double>(), 0);
  EXPECT_NE(st.at("state").as_string(), "CONNECTED");
}
