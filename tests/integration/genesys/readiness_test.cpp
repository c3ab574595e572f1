// /livez, /healthz and /readyz of build/wmpulse --source genesys: live from the start; ready
// only once the source is connected and its start-up recovery has ended. The simulator holds
// that recovery (every details query answered 503 from `hold_details` until `release_details`),
// so "not ready while connected" is a state the test keeps, not a moment it must catch.
#include <gtest/gtest.h>


#include <thread>

#include <boost/json.hpp>

#include "support/child_process.hpp"
#include "support/http_client.hpp"

namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using wmpulse::testing::child_process;
using wmpulse::testing::http_request;
using wmpulse::testing::listening_port;
using wmpulse::testing::unused_loopback_port;

const std::map<std::string, std::string> credentials{{"GENESYS_CLOUD_CLIENT_ID", "wmpulse-sim-client"},
                                                     {"GENESYS_CLOUD_CLIENT_SECRET", "wmpulse-sim-secret"}};

child_process start_service(unsigned short upstream) {
  const auto base = "http://127.0.0.1:" + std::to_string(upstream);
  return child_process(WMPULSE_BINARY,
                       {"--source", "genesys", "--login-base", base, "--api-base", base, "--genesys-allow-insecure-upstreams",
                        "--clock", "event", "--bind", "127.0.0.1", "--port", "0", "--log-level", "error"},
                       credentials);
}

json::object readyz(unsigned short port, unsigned& status) {
  const auto r = http_request(port, "GET", "/readyz");
  status = r.status;
  const auto v = json::parse(r.body.empty() ? std::string("{}") : r.body);
  return v.is_object() ? v.as_object() : json::object{};
}

std::uint64_t details_refused(unsigned short sim_port) {
  const auto r = http_request(sim_port, "GET", "/sim/status");
  if (r.status != 200) return 0;
  return json::parse(r.body).at("counters").at("detailsRefused").to_number<std::uint64_t>();
}

bool has_line(const std::string& text, const std::string& line) { return text.find("\n" + line + "\n") != std::string::npos; }

TEST(readiness, live_at_once_ready_only_after_the_start_up_recovery) {
  child_process sim(WMPULSE_SIM_BINARY, {"--port", "0", "--seed", "4", "--queues", "2", "--rate", "60", "--speed", "5",
                                         "--log-level", "warn"});
  const auto sim_port = listening_port(sim);
  ASSERT_NE(sim_port, 0);
  ASSERT_EQ(http_request(sim_port, "POST", "/sim/fault?type=hold_details").status, 200u);
  auto svc = start_service(sim_port);
  const auto port = listening_port(svc);
  ASSERT_NE(port, 0);

  for (const char* path : {"/livez", "/healthz"}) {
    const auto r = http_request(port, "GET", path, {}, {}, "text/plain");
    EXPECT_EQ(r.status, 200u) << path;
    EXPECT_EQ(r.body, "ok\n") << path;
  }
  // Connected and asking for its recovery, which the simulator refuses for now.
  const auto until = std::chrono::steady_clock::now() + 30s;
  while (details_refused(sim_port) == 0 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(50ms);
  ASSERT_GT(details_refused(sim_port), 0u) << "the service never asked for its start-up recovery";
  unsigned status = 0;
  auto body = readyz(port, status);
  EXPECT_EQ(status, 503u);
  EXPECT_EQ(json::serialize(body), R"({"ready":false,"reasons":["initial recovery not done"]})");
  EXPECT_TRUE(has_line(http_request(port, "GET", "/metrics", {}, {}, "text/plain").body, "wmpulse_ready 0"));

  ASSERT_EQ(http_request(sim_port, "POST", "/sim/fault?type=release_details").status, 200u);
  const auto ready_until = std::chrono::steady_clock::now() + 60s;
  do {
    body = readyz(port, status);
    if (status != 200) std::this_thread::sleep_for(100ms);
  } while (status != 200 && std::chrono::steady_clock::now() < ready_until);
  EXPECT_EQ(status, 200u);
  EXPECT_EQ(json::serialize(body), R"({"ready":true,"reasons":[]})");
  const auto metrics = http_request(port, "GET", "/metrics", {}, {}, "text/plain").body;
  EXPECT_TRUE(has_line(metrics, "wmpulse_ready 1"));
  EXPECT_FALSE(has_line(metrics, "wmpulse_source_backfills_total 0")) << "ready before any recovery ran";
}

TEST(readiness, not_ready_while_the_source_cannot_connect_but_live) {
  auto svc = start_service(unused_loopback_port());
  const auto port = listening_port(svc);
  ASSERT_NE(port, 0);
  EXPECT_EQ(http_request(port, "GET", "/livez", {}, {}, "text/plain").status, 200u);
  unsigned status = 0;
  const auto body = readyz(port, status);
  EXPECT_EQ(status, 503u);
  EXPECT_EQ(body.at("ready"), false);
  const auto& reasons = body.at("reasons").as_array();
  ASSERT_EQ(reasons.size(), 2u) << json::serialize(body);
  EXPECT_TRUE(std::string_view(reasons[0].as_string()).starts_with("source genesys is ")) << json::serialize(body);
  EXPECT_EQ(reasons[1], "initial recovery not done");
}

}  // namespace
