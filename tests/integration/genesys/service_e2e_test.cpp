// build/wmpulse --source genesys against build/wmpulse-sim over TLS with the test CA: after each
// seeded, accelerated workload (with or without a fault) the service's GraphQL metrics equal
// the simulator's /sim/expected at the service's own snapshot time (--clock event), overall
// and per queue.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <thread>

#include <boost/json.hpp>

#include "core/iso8601.hpp"
#include "genesys/http_client.hpp"
#include "net/tls.hpp"
#include "support/child_process.hpp"
#include "support/http_client.hpp"
#include "support/genesys_sim.hpp"
#include "support/sim_scenario.hpp"

namespace {

namespace json = boost::json;
namespace genesys = wmpulse::genesys;
namespace asio = wmpulse::net::asio;
using namespace std::chrono_literals;
using wmpulse::testing::child_process;
using wmpulse::testing::port_in_line;
using wmpulse::testing::sim_scenario;
using namespace wmpulse::testing::genesys_sim;

struct service {
  explicit service(const simulator& sim, const std::vector<std::string>& extra = {})
      : proc(WMPULSE_BINARY, service_args(sim, extra),
             {{"GENESYS_CLOUD_CLIENT_ID", client_id}, {"GENESYS_CLOUD_CLIENT_SECRET", client_secret}}) {
    if (auto line = proc.wait_for_line("listening on", 30s)) port = port_in_line(*line).value_or(0);
  }
  child_process proc;
  unsigned short port = 0;
};

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
  expect_service_matches(sim, svc.port);
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
        svc.port, "{ status { channelRenewals tokenRefreshes channelTokenMoves nonMessageEntries refusedQueries "
                  "intervalsGivenUp skippedEntries { reason count } } }");
    ASSERT_TRUE(s.is_object()) << json::serialize(s);
    const auto& st = s.at("data").at("status");
    EXPECT_GE(st.at("channelRenewals").to_number<double>(), 2) << json::serialize(st);
    EXPECT_GE(st.at("tokenRefreshes").to_number<double>(), 2) << json::serialize(st);
    EXPECT_GE(st.at("channelTokenMoves").to_number<double>(), 2) << json::serialize(st);
    EXPECT_GT(st.at("nonMessageEntries").to_number<double>(), 0) << json::serialize(st);
    EXPECT_GE(st.at("refusedQueries").to_number<double>(), 1) << json::serialize(st);  // split, then answered
    EXPECT_EQ(st.at("intervalsGivenUp").to_number<double>(), 0) << json::serialize(st);
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
                      // Issue 16's "done when", short: 40 simulated minutes at x120 (20 wall seconds),
                      // channels lapsing every 4 wall seconds and tokens every 6, receipts and
                      // typing/presence entries, flows and bots, conversations a bot resolves alone,
                      // and a details query refusing intervals over an hour.
                      sim_scenario{"lapsing_channels_bots_and_receipts",
                                   {"--speed", "120", "--duration", "40m", "--rate", "10", "--channel-ttl", "4",
                                    "--token-lifetime", "6", "--non-message-rate", "0.25", "--bot-share", "0.4",
                                    "--bot-only-share", "0.3", "--details-max-interval", "1h"}}),
    wmpulse::testing::scenario_name);

long long sim_elapsed_ms(const simulator& sim) {
  const auto s = sim.get("/sim/status");
  if (!s.contains("simNow")) return 0;
  return s.at("simNow").to_number<long long>() - s.at("start").to_number<long long>();
}

// Runs the workload (plus `extra` simulator options), crashes the service once it counts 20
// connects, and checks a second service recovers the figures exactly from the backfill.
void kill_and_restart_mid_stream(const std::vector<std::string>& extra, const std::vector<std::string>& service_extra = {},
                                 const std::function<void()>& after_the_crash = {}) {
  auto args = workload({});
  args.insert(args.end(), extra.begin(), extra.end());
  simulator sim(args);
  ASSERT_NE(sim.port, 0);
  {
    service first(sim, service_extra);
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
  if (after_the_crash) after_the_crash();
  service second(sim, service_extra);
  expect_service_matches(sim, second.port);
}

// The default workload with a window as long as the run: the per-queue comparison then covers
// every kind of queue event the simulator makes (answers after a wait, abandons, short
// abandons, transfers, replies), and each is checked to be there.
TEST(genesys_service_e2e_coverage, a_whole_run_window_compares_every_kind_of_queue_event_per_queue) {
  simulator sim(workload({}));
  ASSERT_NE(sim.port, 0);
  service svc(sim, {"--window", "10m"});
  const auto data = expect_service_matches(sim, svc.port, "600");
  ASSERT_FALSE(data.empty());
  const auto& all = data.at("realTimeMetrics").as_object();
  EXPECT_GT(all.at("answered").to_number<double>(), 0);
  EXPECT_GT(all.at("averageSpeedOfAnswerMs").to_number<double>(), 0) << "answers after a wait";
  EXPECT_GT(all.at("abandoned").to_number<double>(), all.at("shortAbandoned").to_number<double>()) << "abandons, not all short";
  EXPECT_GT(all.at("shortAbandoned").to_number<double>(), 0);
  EXPECT_GT(all.at("avgFirstResponseMs").to_number<double>(), 0) << "agent replies";
  EXPECT_GT(all.at("avgAgentResponseMs").to_number<double>(), 0);
  EXPECT_GT(all.at("avgHandleMs").to_number<double>(), 0);
  // A transfer offers the conversation again in its new queue: more offers than conversations.
  double offered = 0;
  for (const auto& q : data.at("queues").as_array()) offered += q.at("metrics").at("offered").to_number<double>();
  EXPECT_GT(offered, sim.get("/sim/status").at("webConversations").to_number<double>()) << "transfers";
}

// Thresholds from the config file reach GraphQL: a target keyed by a queue's name applies to
// that queue once the routing list names it, and levels are judged by the thresholds.
TEST(genesys_service_e2e_thresholds, a_target_and_levels_set_by_queue_name_in_the_config_file_apply) {
  simulator sim(workload({}));
  ASSERT_NE(sim.port, 0);
  const auto path = std::filesystem::temp_directory_path() / ("genesys-e2e-thresholds-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << "[thresholds.default]\nwaiting.warn = 0\n"
                         "[thresholds.queue.\"Billing\"]\nservice_level_target = \"5s\"\nwaiting.alert = 0\n";
  service svc(sim, {"--config", path.string()});
  ASSERT_NE(svc.port, 0);
  std::map<std::string, std::pair<double, std::string>> seen;  // name -> target, waiting level
  const auto until = std::chrono::steady_clock::now() + 60s;
  while (seen.size() < 4 && std::chrono::steady_clock::now() < until) {
    auto a = wmpulse::testing::graphql_query(svc.port, "{ queues { queueName metrics { serviceLevelTargetMs levels { waiting } } } }");
    const auto* d = a.is_object() ? a.as_object().if_contains("data") : nullptr;
    if (d && d->is_object())
      for (const auto& q : d->at("queues").as_array())
        if (q.at("queueName").is_string() && q.at("metrics").at("levels").at("waiting").is_string())
          seen[std::string(q.at("queueName").as_string())] = {q.at("metrics").at("serviceLevelTargetMs").to_number<double>(),
                                                              std::string(q.at("metrics").at("levels").at("waiting").as_string())};
    if (seen.size() < 4) std::this_thread::sleep_for(100ms);
  }
  std::filesystem::remove(path);
  ASSERT_EQ(seen.size(), 4u);
  for (const auto& [name, figures] : seen) {
    EXPECT_EQ(figures.first, name == "Billing" ? 5'000 : 20'000) << name;
    EXPECT_EQ(figures.second, name == "Billing" ? "ALERT" : "WARN") << name;
  }
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

// With --data-dir the restart replays the journal, then the backfill sends again what the
// journal already holds: the journal drops the repeats, so nothing is counted twice.
TEST(genesys_service_e2e_restart, killed_and_restarted_with_a_journal) {
  const auto dir = std::filesystem::temp_directory_path() / ("genesys-e2e-journal-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  kill_and_restart_mid_stream({}, {"--data-dir", dir.string()});
  std::filesystem::remove_all(dir);
}

// A corrupted tail (a crash mid-write, a bad disk): the restart cuts it and replays what came
// before it; the start-up recovery reads the rest of the day again, and the figures are whole.
TEST(genesys_service_e2e_restart, killed_with_a_corrupted_journal_tail_and_restarted) {
  const auto dir = std::filesystem::temp_directory_path() / ("genesys-e2e-journal-tail-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  kill_and_restart_mid_stream({}, {"--data-dir", dir.string()}, [&] {
    std::filesystem::path last;
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.path().extension() == ".wmpj" && e.path() > last) last = e.path();
    ASSERT_FALSE(last.empty()) << "no journal segment";
    std::ofstream(last, std::ios::binary | std::ios::app) << std::string("\x30\x00\x00\x00garbage-not-a-record", 24);
  });
  std::filesystem::remove_all(dir);
}

// Issue 14: a restart from the journal takes over from the run before it, as a cluster's new
// leader does. The first service dies 40 simulated seconds before the workload ends and the
// second starts after the end: the conversations open across the downtime sent messages in it
// and never another snapshot, so only fetching their messages brings those back (before, the
// restart ran a plain start-up recovery and messagesInWindow fell short).
TEST(genesys_service_e2e_restart, a_restart_from_the_journal_fetches_the_messages_of_the_downtime) {
  const auto dir = std::filesystem::temp_directory_path() / ("genesys-e2e-journal-gap-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  // A third of the default rate: the fetches are paced (one per 500 ms at the default request
  // budget), and ~70 conversations open across the downtime keep this test near a minute.
  auto args = workload({});
  ASSERT_EQ(args[4], "--rate");
  args[5] = "20";
  simulator sim(args);
  ASSERT_NE(sim.port, 0);
  const std::vector<std::string> with_journal{"--data-dir", dir.string()};
  {
    service first(sim, with_journal);
    ASSERT_NE(first.port, 0);
    const auto until = std::chrono::steady_clock::now() + 120s;
    while (sim_elapsed_ms(sim) < 320'000 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(20ms);
    ASSERT_GE(sim_elapsed_ms(sim), 320'000);
    first.proc.kill_hard();
  }
  for (auto until = std::chrono::steady_clock::now() + 60s; !sim.finished() && std::chrono::steady_clock::now() < until;)
    std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(sim.finished()) << "the workload did not finish";
  service second(sim, with_journal);
  ASSERT_NE(second.port, 0);
  // The journal alone already equals the ground truth as of its newest event: compare only once
  // the start-up recovery has moved the service's clock past the downtime and its fetches ended.
  json::value st;
  for (auto until = std::chrono::steady_clock::now() + 240s; std::chrono::steady_clock::now() < until;) {
    if (wmpulse::testing::http_request(second.port, "GET", "/readyz").status == 200) {
      const auto a = wmpulse::testing::graphql_query(second.port, "{ status { gapMessageFetchesPending gapMessageFetches gapMessagesRecovered } }");
      st = a.at("data").at("status");
      if (st.at("gapMessageFetchesPending").to_number<double>() == 0) break;
    }
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(st.is_object()) << "the restarted service did not become ready";
  EXPECT_GT(st.at("gapMessageFetches").to_number<double>(), 0) << json::serialize(st);
  EXPECT_GT(st.at("gapMessagesRecovered").to_number<double>(), 0);
  expect_service_matches(sim, second.port);
  std::filesystem::remove_all(dir);
}

}  // namespace
