// build/wmpulse --source genesys against build/wmpulse-sim over TLS with the test CA: after each
// seeded, accelerated workload (with or without a fault) the service's GraphQL metrics equal
// the simulator's /sim/expected at the service's own snapshot time (--clock event), overall
// and per queue.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include <boost/json.hpp>

#include "core/iso8601.hpp"
#include "genesys/http_client.hpp"
#include "net/tls.hpp"
#include "support/child_process.hpp"
#include "support/http_client.hpp"
#include "support/sim_scenario.hpp"

namespace {

namespace json = boost::json;
namespace genesys = wmpulse::genesys;
namespace asio = wmpulse::net::asio;
using namespace std::chrono_literals;
using wmpulse::testing::child_process;
using wmpulse::testing::port_in_line;
using wmpulse::testing::sim_scenario;

const char* const client_id = "e2e-client";
const char* const client_secret = "e2e-secret-not-for-logs";

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

struct service {
  explicit service(const simulator& sim)
      : proc(WMPULSE_BINARY,
             {"--source", "genesys", "--login-base", sim.base(), "--api-base", sim.base(), "--ca-file", sim.ca_file,
              "--clock", "event", "--bind", "127.0.0.1", "--port", "0", "--log-level", "warn",
              // Events lost while the socket stays up (the gap fault) are found by the periodic
              // reconciliation: every 3 s of wall time here, a simulated minute at speed 20.
              "--reconcile-interval", "3s"},
             {{"GENESYS_CLOUD_CLIENT_ID", client_id}, {"GENESYS_CLOUD_CLIENT_SECRET", client_secret}}) {
    if (auto line = proc.wait_for_line("listening on", 30s)) port = port_in_line(*line).value_or(0);
  }
  child_process proc;
  unsigned short port = 0;
};

// Every field of /sim/expected, under the GraphQL Metrics names.
const char* const compared[] = {
    "activeSessions", "totalConnections", "avgSessionDurationMs", "messagesPerMinute", "inboundMessagesPerMinute",
    "outboundMessagesPerMinute", "sessionsEndedInWindow", "messagesInWindow", "sessionDurationP50Ms",
    "sessionDurationP90Ms", "sessionDurationP99Ms", "waiting", "interacting", "longestWaitingMs", "offered", "answered",
    "abandoned", "shortAbandoned", "abandonRate", "serviceLevel", "serviceLevelTargetMs", "averageSpeedOfAnswerMs",
    "avgFirstResponseMs", "avgAgentResponseMs", "avgHandleMs"};

std::string metrics_query() {
  std::string fields;
  for (const char* k : compared) fields += std::string(k) + " ";
  return "{ realTimeMetrics { " + fields + "takenAtMs } queues { queueId metrics { " + fields + "} } }";
}

// Percentiles are within the sketch's 1 %; everything else exact (up to float formatting).
bool same_value(std::string_view key, const json::value& got, const json::value& want) {
  if (got.is_null() || want.is_null()) return got.is_null() && want.is_null();
  const double g = got.to_number<double>(), w = want.to_number<double>();
  const double tolerance = key.starts_with("sessionDurationP") ? 0.01 * std::abs(w) + 1e-6 : 1e-6 * std::max(1.0, std::abs(w));
  return std::abs(g - w) <= tolerance;
}

bool same_figures(const json::object& got, const json::object& want) {
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
json::object served_queue(const json::object& data, std::string_view queue_id) {
  for (const auto& q : data.at("queues").as_array())
    if (q.at("queueId").as_string() == queue_id) return q.at("metrics").as_object();
  return {};
}

// Compares overall and every queue of the simulator at the service's own "now"; describes
// the first difference in `diff`.
bool matches_at_service_time(const simulator& sim, const json::object& data, std::string& diff) {
  const auto& all = data.at("realTimeMetrics").as_object();
  const auto at = std::to_string(static_cast<long long>(all.at("takenAtMs").to_number<double>()));
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

// Bounded poll until the service's figures, overall and per queue, equal the ground truth at
// the service's own "now".
void expect_service_matches(const simulator& sim, const service& svc) {
  ASSERT_NE(svc.port, 0) << "the service did not start";
  const auto until = std::chrono::steady_clock::now() + 180s;
  while (!sim.finished() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(100ms);
  ASSERT_TRUE(sim.finished());
  std::string diff = "no answer from the service";
  bool equal = false;
  while (!equal && std::chrono::steady_clock::now() < until + 30s) {
    auto answer = wmpulse::testing::graphql_query(svc.port, metrics_query());
    const auto* data = answer.is_object() ? answer.as_object().if_contains("data") : nullptr;
    if (data && data->is_object()) equal = matches_at_service_time(sim, data->as_object(), diff);
    if (!equal) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(equal) << diff;
}

std::vector<std::string> workload(std::vector<std::string> faults) {
  std::vector<std::string> args{"--seed", "21", "--queues", "4", "--rate", "60", "--speed", "20", "--duration", "6m",
                                "--heartbeat-ms", "1000", "--closing-delay-ms", "2000"};
  args.insert(args.end(), faults.begin(), faults.end());
  return args;
}

class genesys_service_e2e : public ::testing::TestWithParam<sim_scenario> {};

TEST_P(genesys_service_e2e, graphql_metrics_equal_ground_truth) {
  simulator sim(workload(GetParam().sim_args));
  ASSERT_NE(sim.port, 0);
  service svc(sim);
  expect_service_matches(sim, svc);
  if (GetParam().name == "more_than_1000_queues") {
    auto s = wmpulse::testing::graphql_query(svc.port, "{ status { channels topics rejectedTopics } }");
    ASSERT_TRUE(s.is_object()) << json::serialize(s);
    const auto& st = s.at("data").at("status");
    EXPECT_EQ(st.at("channels").to_number<long long>(), 2);
    EXPECT_EQ(st.at("topics").to_number<long long>(), 1200);
    EXPECT_EQ(st.at("rejectedTopics").to_number<long long>(), 0);
  }
  if (GetParam().name == "lapsing_channels_bots_and_receipts") {
    auto s = wmpulse::testing::graphql_query(
        svc.port, "{ status { channelRenewals tokenRefreshes channelTokenMoves nonMessageEntries "
                  "skippedEntries { reason count } } }");
    ASSERT_TRUE(s.is_object()) << json::serialize(s);
    const auto& st = s.at("data").at("status");
    EXPECT_GE(st.at("channelRenewals").to_number<double>(), 2) << json::serialize(st);
    EXPECT_GE(st.at("tokenRefreshes").to_number<double>(), 2) << json::serialize(st);
    EXPECT_GE(st.at("channelTokenMoves").to_number<double>(), 2) << json::serialize(st);
    EXPECT_GT(st.at("nonMessageEntries").to_number<double>(), 0) << json::serialize(st);
    EXPECT_EQ(st.at("skippedEntries").as_array().size(), 5u);
  }
}

INSTANTIATE_TEST_SUITE_P(
    faults, genesys_service_e2e,
    ::testing::Values(sim_scenario{"no_faults", {}}, sim_scenario{"socket_drops", {"--fault", "drop@60", "--fault", "drop@150"}},
                      sim_scenario{"socket_closing", {"--fault", "socket_closing@60", "--fault", "socket_closing@180"}},
                      sim_scenario{"token_revoked", {"--fault", "revoke_tokens@60"}},
                      sim_scenario{"burst_429", {"--fault", "burst_429@30,count=6,retryAfter=1", "--fault", "drop@31"}},
                      sim_scenario{"duplicated_reordered", {"--duplicate-rate", "0.3", "--reorder-rate", "0.3"}},
                      sim_scenario{"stream_gap", {"--fault", "gap@90,seconds=30"}},
                      sim_scenario{"channel_eviction", {"--fault", "evict@60", "--fault", "evict@200"}},
                      // More than 1,000 queues: the topics need two channels (1,000 per channel).
                      sim_scenario{"more_than_1000_queues", {"--queues", "1200"}},
                      // Channels lapse every 4 wall seconds and tokens every 6 (issue 16): receipts
                      // and typing/presence entries, flows and bots, conversations a bot resolves alone.
                      sim_scenario{"lapsing_channels_bots_and_receipts",
                                   {"--channel-ttl", "4", "--token-lifetime", "6", "--non-message-rate", "0.25", "--bot-share",
                                    "0.4", "--bot-only-share", "0.3"}}),
    wmpulse::testing::scenario_name);

// Runs the workload (plus `extra` simulator options), crashes the service once it counts 20
// connects, and checks a second service recovers the figures exactly from the backfill.
void kill_and_restart_mid_stream(const std::vector<std::string>& extra) {
  auto args = workload({});
  args.insert(args.end(), extra.begin(), extra.end());
  simulator sim(args);
  ASSERT_NE(sim.port, 0);
  {
    service first(sim);
    ASSERT_NE(first.port, 0);
    // Crash it once it has ingested part of the stream (bounded poll on its own figures).
    const auto until = std::chrono::steady_clock::now() + 60s;
    double total = 0;
    while (total < 20 && std::chrono::steady_clock::now() < until) {
      auto a = wmpulse::testing::graphql_query(first.port, "{ realTimeMetrics { totalConnections } }");
      if (const auto* d = a.is_object() ? a.as_object().if_contains("data") : nullptr; d && d->is_object())
        total = d->as_object().at("realTimeMetrics").at("totalConnections").to_number<double>();
      std::this_thread::sleep_for(50ms);
    }
    ASSERT_GE(total, 20);
    first.proc.kill_hard();
  }
  service second(sim);
  expect_service_matches(sim, second);
}

TEST(genesys_service_e2e_restart, killed_and_restarted_mid_stream) { kill_and_restart_mid_stream({}); }

// The simulated day crosses midnight UTC 15 s after the start, before the crash: the restarted
// service counts from the new midnight (its daily period), and so must the ground truth. The
// start is the first midnight at least an hour ahead of the wall clock, so the wall never
// reaches it and the start-up backfill's "today" is the simulated one.
TEST(genesys_service_e2e_restart, killed_and_restarted_after_the_simulated_day_crosses_midnight) {
  using namespace std::chrono;
  const auto midnight = ceil<days>(system_clock::now() + 1h);
  const auto start = duration_cast<milliseconds>((midnight - 15s).time_since_epoch()).count();
  kill_and_restart_mid_stream({"--start", wmpulse::core::format_iso8601_ms(start)});
}

}  // namespace
