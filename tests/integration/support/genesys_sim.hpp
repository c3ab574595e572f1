#pragma once
// The Genesys simulator (build/wmpulse-sim, TLS with its test CA) and the comparison of a
// service's GraphQL figures with the simulator's ground truth (/sim/expected) at the service's
// own snapshot time, overall and per queue. Shared by every end-to-end test that checks figures.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <thread>

#include <boost/json.hpp>

#include "genesys/http_client.hpp"
#include "net/tls.hpp"
#include "support/child_process.hpp"
#include "support/http_client.hpp"

namespace wmpulse::testing::genesys_sim {

namespace json = boost::json;
namespace genesys = wmpulse::genesys;
namespace asio = wmpulse::net::asio;
using namespace std::chrono_literals;

inline const char* const client_id = "e2e-client";
inline const char* const client_secret = "e2e-secret-not-for-logs";

struct simulator {
  explicit simulator(const std::vector<std::string>& extra) {
    ca_file = (std::filesystem::temp_directory_path() / ("genesys-e2e-ca-" + std::to_string(::getpid()) + ".pem")).string();
    std::vector<std::string> args{"--port", "0", "--tls", "--ca-out", ca_file, "--client-id", client_id,
                                  "--client-secret", client_secret, "--log-level", "warn"};
    args.insert(args.end(), extra.begin(), extra.end());
    proc.emplace(WMPULSE_SIM_BINARY, args);
    if (auto line = proc->wait_for_line("listening on", 30s)) port = port_in_line(*line).value_or(0);
  }
  ~simulator() { std::filesystem::remove(ca_file); }
  std::string base() const { return "https://127.0.0.1:" + std::to_string(port); }

  json::object get(const std::string& target) const {
    asio::io_context ioc;
    auto tls = wmpulse::net::make_client_tls_context(ca_file);
    genesys::beast_http_transport transport(tls, 10'000);
    std::optional<genesys::http_result> out;
    asio::co_spawn(
        ioc,
        [&]() -> asio::awaitable<void> {
          const genesys::http_request req{genesys::http::verb::get, base() + target, {}, {}, {}};
          out.emplace(co_await transport.send(req));
        },
        asio::detached);
    ioc.run();
    if (!out || !*out || out->value().status != 200) return {};
    return json::parse(out->value().body).as_object();
  }
  bool finished() const {
    auto s = get("/sim/status");
    auto it = s.find("finished");
    return it != s.end() && it->value().is_bool() && it->value().get_bool();
  }

  std::string ca_file;
  unsigned short port = 0;
  std::optional<child_process> proc;
};

inline std::vector<std::string> service_args(const simulator& sim, const std::vector<std::string>& extra) {
  std::vector<std::string> args{"--source", "genesys", "--login-base", sim.base(), "--api-base", sim.base(), "--ca-file", sim.ca_file,
                                "--clock", "event", "--bind", "127.0.0.1", "--port", "0", "--log-level", "warn",
                                // Events lost while the socket stays up (the gap fault) are found by the periodic
                                // reconciliation: every 3 s of wall time here, a simulated minute at speed 20.
                                "--reconcile-interval", "3s"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// Every field of /sim/expected, under the GraphQL Metrics names.
inline const char* const compared[] = {
    "activeSessions", "totalConnections", "avgSessionDurationMs", "messagesPerMinute", "inboundMessagesPerMinute",
    "outboundMessagesPerMinute", "sessionsEndedInWindow", "messagesInWindow", "sessionDurationP50Ms",
    "sessionDurationP90Ms", "sessionDurationP99Ms", "waiting", "interacting", "longestWaitingMs", "offered", "answered",
    "abandoned", "shortAbandoned", "abandonRate", "serviceLevel", "serviceLevelTargetMs", "averageSpeedOfAnswerMs",
    "avgFirstResponseMs", "avgAgentResponseMs", "avgHandleMs"};

inline std::string metrics_query() {
  std::string fields;
  for (const char* k : compared) fields += std::string(k) + " ";
  return "{ realTimeMetrics { " + fields + "takenAtMs } queues { queueId queueName metrics { " + fields + "} } }";
}

// Percentiles are within the sketch's 1 %; everything else exact (up to float formatting).
inline bool same_value(std::string_view key, const json::value& got, const json::value& want) {
  if (got.is_null() || want.is_null()) return got.is_null() && want.is_null();
  const double g = got.to_number<double>(), w = want.to_number<double>();
  const double tolerance = key.starts_with("sessionDurationP") ? 0.01 * std::abs(w) + 1e-6 : 1e-6 * std::max(1.0, std::abs(w));
  return std::abs(g - w) <= tolerance;
}

inline bool same_figures(const json::object& got, const json::object& want) {
  if (want.empty()) return false;
  for (const char* k : compared) {
    const auto* g = got.if_contains(k);
    const auto* w = want.if_contains(k);
    if (!w) return false;
    // A queue the service never saw: zero counts and no averages (its target is the default).
    const bool as_wanted = w->is_null() || w->to_number<double>() == 0 || std::string_view(k) == "serviceLevelTargetMs";
    const json::value unseen = as_wanted ? *w : json::value(0);
    if (!same_value(k, g ? *g : unseen, *w)) return false;
  }
  return true;
}

// The service's figures of one queue; a queue it never saw has none (compared as zero/null).
inline json::object served_queue(const json::object& data, std::string_view queue_id) {
  for (const auto& q : data.at("queues").as_array())
    if (q.at("queueId").as_string() == queue_id) return q.at("metrics").as_object();
  return {};
}

// Compares overall and every queue of the simulator at the service's own "now"; describes
// the first difference in `diff`.
inline bool matches_at_service_time(const simulator& sim, const json::object& data, std::string& diff, const std::string& window) {
  const auto& all = data.at("realTimeMetrics").as_object();
  const auto at = std::to_string(static_cast<long long>(all.at("takenAtMs").to_number<double>())) + "&window=" + window;
  // totalConnections counts from midnight UTC, the service's default period for Genesys.
  const auto want = sim.get("/sim/expected?utcOffset=UTC&at=" + at);
  if (!same_figures(all, want)) {
    diff = "overall: service " + json::serialize(all) + "\nexpected " + json::serialize(want);
    return false;
  }
  const auto status = sim.get("/sim/status");
  const auto* queues = status.if_contains("queues");
  if (!queues || !queues->is_array()) {
    diff = "no queue list in /sim/status";
    return false;
  }
  for (const auto& q : queues->as_array()) {
    const std::string id(q.at("id").as_string());
    const auto got = served_queue(data, id);
    const auto want_q = sim.get("/sim/expected?utcOffset=UTC&at=" + at + "&queueId=" + id);
    if (!same_figures(got, want_q)) {
      diff = "queue " + id + ": service " + json::serialize(got) + "\nexpected " + json::serialize(want_q);
      return false;
    }
  }
  return true;
}

// Every queue the service lists carries the simulator's name for it (the routing queue list).
inline void expect_queue_names(const simulator& sim, const json::object& data) {
  const auto status = sim.get("/sim/status");
  std::map<std::string, std::string> names;
  for (const auto& q : status.at("queues").as_array())
    names[std::string(q.at("id").as_string())] = std::string(q.at("name").as_string());
  const auto& served = data.at("queues").as_array();
  ASSERT_FALSE(served.empty());
  for (const auto& q : served) {
    const std::string id(q.at("queueId").as_string());
    ASSERT_TRUE(names.contains(id)) << id;
    ASSERT_TRUE(q.at("queueName").is_string()) << "queue " << id << " has no name";
    EXPECT_EQ(q.at("queueName").as_string(), names[id]) << "queue " << id;
  }
}

// Bounded poll until the service's figures, overall and per queue, equal the ground truth at
// the service's own "now".
// `window_s`: the service's window (--window), in seconds. Returns the last answer compared.
inline json::object expect_service_matches(const simulator& sim, unsigned short port, const std::string& window_s = "60") {
  EXPECT_NE(port, 0) << "the service did not start";
  if (port == 0) return {};
  const auto until = std::chrono::steady_clock::now() + 180s;
  while (!sim.finished() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(sim.finished());
  if (!sim.finished()) return {};
  std::string diff = "no answer from the service";
  bool equal = false;
  json::object last;
  while (!equal && std::chrono::steady_clock::now() < until + 30s) {
    auto answer = wmpulse::testing::graphql_query(port, metrics_query());
    const auto* data = answer.is_object() ? answer.as_object().if_contains("data") : nullptr;
    if (data && data->is_object()) {
      last = data->as_object();
      equal = matches_at_service_time(sim, last, diff, window_s);
    }
    if (!equal) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(equal) << diff;
  if (equal) expect_queue_names(sim, last);
  return last;
}


}  // namespace wmpulse::testing::genesys_sim
