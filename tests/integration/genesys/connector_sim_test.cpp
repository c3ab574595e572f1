// The connector against the real simulator over TLS (test CA, verification on): after each
// seeded, accelerated workload — with or without a fault — the events it delivered give
// exactly the simulator's ground truth (/sim/expected). The sink here is a small oracle with
// the docs/METRICS.md semantics for the figures compared.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <boost/json.hpp>

#include "events/event_id.hpp"
#include "genesys/connector.hpp"
#include "genesys/http_client.hpp"
#include "net/tls.hpp"
#include "support/child_process.hpp"
#include "support/sim_scenario.hpp"

namespace wmpulse::genesys {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using wmpulse::testing::sim_scenario;

struct oracle_sink final : events::event_sink {
  struct session {
    core::millis connected = 0;
    std::optional<core::millis> ended;
  };
  mutable std::mutex mutex;
  std::map<std::string, session> sessions;
  std::vector<core::millis> messages;
  std::uint64_t duplicate_connects = 0, unknown_disconnects = 0, rejects = 0;
  std::size_t largest_batch = 0;

  void accept(std::span<const events::session_event> batch) override {
    std::lock_guard lock(mutex);
    largest_batch = std::max(largest_batch, batch.size());
    for (const auto& e : batch) add(e);
  }
  void add(const events::session_event& e) {
    switch (e.kind) {
      case events::event_kind::connected:
        if (!sessions.emplace(e.session_id, session{e.time_ms, std::nullopt}).second) ++duplicate_connects;
        break;
      case events::event_kind::disconnected: {
        auto it = sessions.find(e.session_id);
        if (it == sessions.end() || it->second.ended) ++unknown_disconnects;
        else it->second.ended = e.time_ms;
        break;
      }
      case events::event_kind::message: messages.push_back(e.time_ms); break;
      default: break;  // transfers and queue-figure spans: compared by the end-to-end tests
    }
  }
  void reject(events::decode_reason, std::string_view) override {
    std::lock_guard lock(mutex);
    ++rejects;
  }

  // The compared figures at `at` over a 60 s window (at − 60 s, at].
  json::object metrics_at(core::millis at) const {
    std::lock_guard lock(mutex);
    std::int64_t active = 0, ended = 0, in_window = 0;
    std::int64_t duration_sum = 0;
    for (const auto& [id, s] : sessions) {
      if (!s.ended) ++active;
      else if (*s.ended > at - 60'000 && *s.ended <= at) {
        ++ended;
        duration_sum += *s.ended - s.connected;
      }
    }
    for (auto t : messages)
      if (t > at - 60'000 && t <= at) ++in_window;
    return json::object{{"activeSessions", active},
                        {"totalConnections", std::int64_t(sessions.size())},
                        {"sessionsEndedInWindow", ended},
                        {"messagesInWindow", in_window},
                        {"avgSessionDurationMs", ended ? double(duration_sum) / double(ended) : 0.0}};
  }
};

// A running simulator with TLS and its test CA.
struct simulator_process {
  explicit simulator_process(std::vector<std::string> extra) {
    ca_file = (std::filesystem::temp_directory_path() / ("genesys-sim-ca-" + std::to_string(::getpid()) + "-" +
                                                           std::to_string(counter++) + ".pem")).string();
    std::vector<std::string> args{"--port", "0", "--tls", "--ca-out", ca_file, "--log-level", "warn"};
    args.insert(args.end(), extra.begin(), extra.end());
    proc.emplace(WMPULSE_SIM_BINARY, args);
    auto line = proc->wait_for_line("listening on", 30s);
    if (line) port = testing::port_in_line(*line).value_or(0);
  }
  ~simulator_process() { std::filesystem::remove(ca_file); }
  std::string base() const { return "https://127.0.0.1:" + std::to_string(port); }

  static inline int counter = 0;
  std::string ca_file;
  unsigned short port = 0;
  std::optional<testing::child_process> proc;
};

// A blocking request to the simulator through the connector's own verified HTTPS client.
std::optional<http_result> sim_send(const simulator_process& sim, http::verb verb, const std::string& target) {
  asio::io_context ioc;
  auto tls = net::make_client_tls_context(sim.ca_file);
  beast_http_transport transport(tls, 10'000);
  std::optional<http_result> out;
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        const http_request req{verb, sim.base() + target, {}, {}, {}};
        out.emplace(co_await transport.send(req));
      },
      asio::detached);
  ioc.run();
  return out;
}

json::object sim_get(const simulator_process& sim, const std::string& target) {
  const auto out = sim_send(sim, http::verb::get, target);
  if (!out || !*out || out->value().status != 200) return {};
  return json::parse(out->value().body).as_object();
}

bool sim_fault(const simulator_process& sim, const std::string& query) {
  const auto out = sim_send(sim, http::verb::post, "/sim/fault?" + query);
  return out && *out && out->value().status == 200;
}

config connector_config(const simulator_process& sim) {
  config c;
  c.login_base = sim.base();
  c.api_base = sim.base();
  c.ca_file = sim.ca_file;
  c.client_id = "wmpulse-sim-client";
  c.client_secret = "wmpulse-sim-secret";
  c.heartbeat_timeout_ms = 2'500;  // the simulator beats every 500 ms here
  c.ping_interval_ms = 1'000;
  c.reconnect_base_ms = 50;
  c.reconnect_cap_ms = 1'000;
  c.queue_rediscovery_ms = 2'000;
  c.reconcile_interval_ms = 2'000;  // a silent gap (socket up, events lost) is found by this
  return c;
}

// The connector on its own ingest thread.
struct running_connector {
  running_connector(const config& c, events::event_sink& sink) : conn(ioc, core::system_clock::instance(), c, sink) {
    conn.on_fatal([this](const std::string& m) { fatal = m; });
    conn.start();
    thread = std::thread([this] { ioc.run(); });
  }
  ~running_connector() {
    conn.stop();
    work.reset();
    // Bounded: every task ends once stopped.
    for (int i = 0; i < 200 && !ioc.stopped(); ++i) std::this_thread::sleep_for(10ms);
    ioc.stop();
    thread.join();
  }
  asio::io_context ioc;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{ioc.get_executor()};
  connector conn;
  std::thread thread;
  std::string fatal;
};

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return pred();
}

bool finished(const simulator_process& sim) {
  auto s = sim_get(sim, "/sim/status");
  auto it = s.find("finished");
  return it != s.end() && it->value().is_bool() && it->value().get_bool();
}

// Compares the oracle with /sim/expected at the last published instant, waiting (bounded) for
// the connector to catch up after the workload ended.
void expect_matches_ground_truth(const simulator_process& sim, const oracle_sink& sink) {
  ASSERT_TRUE(eventually([&] { return finished(sim); }, 120s)) << "the workload did not finish";
  json::object expected, got;
  const bool equal = eventually(
      [&] {
        expected = sim_get(sim, "/sim/expected");
        if (expected.empty()) return false;
        const auto at = expected.at("at").to_number<core::millis>();
        got = sink.metrics_at(at);
        for (const auto& [k, v] : got) {
          const double a = v.to_number<double>(), b = expected.at(k).to_number<double>();
          if (std::abs(a - b) > 1e-6 * std::max(1.0, std::abs(b))) return false;
        }
        return true;
      },
      20s);
  EXPECT_TRUE(equal) << "connector " << json::serialize(got) << "\nexpected  " << json::serialize(expected);
  EXPECT_GT(got.at("totalConnections").to_number<double>(), 10);
}

// The messages a socket gap lost are fetched one conversation at a time, paced by the request
// budget, after the gap's recoveries (`backfills` of them in all): waits, bounded, until none is
// pending, so a slow build compares figures only once the fetches are done.
bool gap_fetches_done(const running_connector& rc, std::uint64_t backfills) {
  return eventually(
      [&] {
        const auto g = rc.conn.status().genesys_or_zero();
        return g.backfills >= backfills && g.gap_fetches_pending == 0;
      },
      180s);
}

TEST(connector_vs_simulator_scenario, prints_as_its_name_and_flags) {
  EXPECT_EQ(::testing::PrintToString(sim_scenario{"stream_gap", {"--fault", "gap@90,seconds=30"}}),
            "stream_gap --fault gap@90,seconds=30");
}

class connector_vs_simulator : public ::testing::TestWithParam<sim_scenario> {};

TEST_P(connector_vs_simulator, metrics_equal_ground_truth) {
  std::vector<std::string> args{"--seed", "11", "--queues", "4", "--rate", "60", "--speed", "20",
                                "--duration", "6m", "--heartbeat-ms", "500", "--closing-delay-ms", "1500"};
  args.insert(args.end(), GetParam().sim_args.begin(), GetParam().sim_args.end());
  simulator_process sim(args);
  ASSERT_NE(sim.port, 0) << "the simulator did not start";
  oracle_sink sink;
  running_connector rc(connector_config(sim), sink);
  expect_matches_ground_truth(sim, sink);
  EXPECT_TRUE(rc.fatal.empty()) << rc.fatal;
  const auto st = rc.conn.status();
  EXPECT_GE(st.genesys->backfills, 1u);
  if (GetParam().name == "refused_upgrades") {
    EXPECT_GE(st.genesys->channels_lost_on_upgrade, 1u);
  }
  EXPECT_EQ(sink.duplicate_connects, 0u);
  EXPECT_EQ(sink.unknown_disconnects, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    faults, connector_vs_simulator,
    ::testing::Values(sim_scenario{"no_faults", {}},
                      sim_scenario{"socket_drops", {"--fault", "drop@60", "--fault", "drop@150"}},
                      sim_scenario{"socket_closing", {"--fault", "socket_closing@60", "--fault", "socket_closing@180"}},
                      sim_scenario{"token_revoked", {"--fault", "revoke_tokens@60", "--fault", "evict@61"}},
                      sim_scenario{"burst_429", {"--fault", "burst_429@30,count=6,retryAfter=1", "--fault", "drop@31"}},
                      sim_scenario{"duplicated_reordered", {"--duplicate-rate", "0.3", "--reorder-rate", "0.3", "--garbage-rate", "0.05"}},
                      sim_scenario{"stream_gap", {"--fault", "gap@90,seconds=30"}},
                      sim_scenario{"channel_eviction", {"--fault", "evict@60", "--fault", "evict@200"}},
                      // The channel stays listed but refuses every upgrade (503): only giving it up helps.
                      sim_scenario{"refused_upgrades", {"--fault", "refuse_upgrades@60"}}),
    wmpulse::testing::scenario_name);

// Channels that lapse after 4 wall seconds and tokens after 6, with receipts and typing events
// among the messages and bots in front of the queues. A channel whose token expired goes quiet
// with its socket up, and the periodic reconciliation is off here, so only renewing the
// channels and moving them to each refreshed token keeps the figures exact.
TEST(connector_vs_simulator_lifetime, channels_are_renewed_and_follow_the_refreshed_token) {
  simulator_process sim({"--seed", "13", "--queues", "3", "--rate", "60", "--speed", "20", "--duration", "6m",
                         "--heartbeat-ms", "500", "--channel-ttl", "4", "--token-lifetime", "6", "--non-message-rate", "0.25",
                         "--bot-share", "0.4", "--bot-only-share", "0.3"});
  ASSERT_NE(sim.port, 0);
  oracle_sink sink;
  auto c = connector_config(sim);
  c.reconcile_interval_ms = 0;
  running_connector rc(c, sink);
  expect_matches_ground_truth(sim, sink);
  EXPECT_TRUE(rc.fatal.empty()) << rc.fatal;
  const auto st = rc.conn.status();
  EXPECT_GE(st.genesys->channel_renewals, 2u);
  EXPECT_GE(st.genesys->token_refreshes, 2u);
  EXPECT_GE(st.genesys->channel_token_moves, 2u);
  EXPECT_GT(st.genesys->non_message_entries, 0u);
  // No channel lapsed. A lapsed one is recreated and its gap recovered, which keeps the figures
  // exact: only this tells that the renewals came in time (without them: 3 reconnects).
  EXPECT_EQ(st.reconnects, 0u) << st.last_error;
  EXPECT_EQ(sink.duplicate_connects, 0u);
  EXPECT_EQ(sink.unknown_disconnects, 0u);
}

// Every upgrade to the first channel is refused (503) from 10 simulated seconds on: each refusal
// is a failed connection attempt, and the channel is given up after the third in a row.
TEST(connector_vs_simulator_lifetime, a_refused_upgrade_is_counted_as_a_failed_attempt) {
  simulator_process sim({"--seed", "3", "--queues", "2", "--rate", "60", "--speed", "20", "--duration", "2m",
                         "--heartbeat-ms", "500", "--fault", "refuse_upgrades@10"});
  ASSERT_NE(sim.port, 0);
  oracle_sink sink;
  running_connector rc(connector_config(sim), sink);
  ASSERT_TRUE(eventually([&] { return rc.conn.status().genesys_or_zero().channels_lost_on_upgrade >= 1; }, 30s))
      << rc.conn.status().last_error;
  const auto st = rc.conn.status();
  EXPECT_GE(st.failed_attempts, 3u);
  EXPECT_NE(st.last_error.find("503"), std::string::npos) << st.last_error;
  EXPECT_TRUE(rc.fatal.empty()) << rc.fatal;
}

// A refreshed token moves the channel to a new one; here every channel created from then on
// refuses its upgrade (503): each failed move is a failed connection attempt, and the old
// channel keeps its socket meanwhile.
TEST(connector_vs_simulator_lifetime, a_refused_move_to_a_new_channel_is_counted_as_a_failed_attempt) {
  simulator_process sim({"--seed", "3", "--queues", "2", "--rate", "60", "--speed", "20", "--duration", "2m",
                         "--heartbeat-ms", "500", "--token-lifetime", "3"});
  ASSERT_NE(sim.port, 0);
  oracle_sink sink;
  running_connector rc(connector_config(sim), sink);
  ASSERT_TRUE(eventually([&] { return rc.conn.status().state == events::connection_state::connected; }, 30s));
  ASSERT_TRUE(sim_fault(sim, "type=refuse_upgrades&new=1"));
  ASSERT_TRUE(eventually([&] { return rc.conn.status().failed_attempts >= 1; }, 20s)) << rc.conn.status().last_error;
  const auto st = rc.conn.status();
  EXPECT_EQ(st.genesys_or_zero().channel_token_moves, 0u);
  EXPECT_EQ(st.reconnects, 0u);
  EXPECT_NE(st.last_error.find("503"), std::string::npos) << st.last_error;
  EXPECT_TRUE(rc.fatal.empty()) << rc.fatal;
}

// A move that ends after the old token expired recovers what the old channel withheld, from the
// event time the move began (before: from the wall time of the expiry, which at x60 re-read the
// whole run so far). Two slow API answers (the token refresh, the new channel) make it late.
TEST(connector_vs_simulator_lifetime, a_late_move_recovers_from_event_time_not_the_whole_run) {
  // Tokens of 8 s leave an ordinary move 0.8 s (4 s left 0.4 s: too little for a sanitizer build
  // on a loaded machine, whose late moves then came before this one); the slow one needs 1.4 s.
  simulator_process sim({"--seed", "7", "--queues", "2", "--rate", "60", "--speed", "60", "--duration", "20m",
                         "--heartbeat-ms", "500", "--token-lifetime", "8"});
  ASSERT_NE(sim.port, 0);
  oracle_sink sink;
  auto c = connector_config(sim);
  c.reconcile_interval_ms = 0;
  c.queue_rediscovery_ms = 3'600'000;  // the slow answers go to the refresh and the move
  running_connector rc(c, sink);
  // Late in the run: ~12 simulated minutes, 700 conversations, have passed.
  ASSERT_TRUE(eventually([&] { return sink.metrics_at(0).at("totalConnections").to_number<double>() > 600; }, 60s));
  const auto before = rc.conn.status().genesys_or_zero();
  ASSERT_TRUE(sim_fault(sim, "type=slow&count=2&ms=700"));
  ASSERT_TRUE(eventually([&] { return rc.conn.status().genesys_or_zero().backfills > before.backfills; }, 30s));
  const auto after = rc.conn.status().genesys_or_zero();
  // The move took ~1.5 wall s (90 simulated s) plus the 60 s margin: ~150 rows by interval, not
  // ~750 (the open ones from before are looked up by id, counted apart).
  const auto by_interval = (after.backfill_conversations - after.backfill_lookups) -
                           (before.backfill_conversations - before.backfill_lookups);
  EXPECT_LE(by_interval, 350u);
  EXPECT_GT(after.channel_token_moves, before.channel_token_moves);
  // And nothing is lost around any move: the figures are exact once the gap's messages are in.
  // (The old sockets were closed as soon as the new ones were up: 2 to 10 ends missed, when the
  // connector had not yet read all the old socket had been sent.)
  ASSERT_TRUE(gap_fetches_done(rc, after.backfills));
  expect_matches_ground_truth(sim, sink);
  EXPECT_TRUE(rc.fatal.empty()) << rc.fatal;
  EXPECT_EQ(sink.duplicate_connects, 0u);
  EXPECT_EQ(sink.unknown_disconnects, 0u);
}

// The simulator starts delivering on a new socket 500 ms after its upgrade (10 simulated seconds
// at x20), so what is published meanwhile reaches the old channel's socket alone: a move must
// keep reading the old socket until it has caught up with the new one (closing it at once lost
// those events: sessions high, connections and messages short). Tokens of 10 s leave a move 1 s
// (a sanitizer build on a loaded machine needs more than 0.6 s); should one still come late, its
// gap's message fetches are waited for.
TEST(connector_vs_simulator_lifetime, a_moved_channel_keeps_its_old_socket_until_the_new_one_delivers) {
  simulator_process sim({"--seed", "7", "--queues", "2", "--rate", "60", "--speed", "20", "--duration", "5m",
                         "--heartbeat-ms", "500", "--token-lifetime", "10", "--attach-delay-ms", "500"});
  ASSERT_NE(sim.port, 0);
  oracle_sink sink;
  auto c = connector_config(sim);
  c.reconcile_interval_ms = 0;
  running_connector rc(c, sink);
  ASSERT_TRUE(eventually([&] { return finished(sim); }, 120s)) << "the workload did not finish";
  ASSERT_TRUE(gap_fetches_done(rc, 1));
  expect_matches_ground_truth(sim, sink);
  EXPECT_TRUE(rc.fatal.empty()) << rc.fatal;
  const auto st = rc.conn.status();
  EXPECT_GE(st.genesys->channel_token_moves, 1u);
  EXPECT_EQ(st.reconnects, 0u) << st.last_error;
  EXPECT_EQ(sink.duplicate_connects, 0u);
  EXPECT_EQ(sink.unknown_disconnects, 0u);
}

// The simulator caps --queues below 1,000, so the sharding is exercised with a smaller
// per-channel limit: 5 queues at 2 topics per channel = 3 channels, 3 sockets.
TEST(connector_vs_simulator_queues, topics_are_sharded_over_channels) {
  simulator_process sim({"--seed", "5", "--queues", "5", "--rate", "60", "--speed", "20", "--duration", "4m",
                         "--heartbeat-ms", "500"});
  ASSERT_NE(sim.port, 0);
  oracle_sink sink;
  auto c = connector_config(sim);
  c.topics_per_channel = 2;
  running_connector rc(c, sink);
  expect_matches_ground_truth(sim, sink);
  const auto st = rc.conn.status();
  EXPECT_EQ(st.genesys->channels, 3u);
  EXPECT_EQ(st.genesys->topics, 5u);
  EXPECT_EQ(st.genesys->rejected_topics, 0u);
}

TEST(connector_vs_simulator_restart, a_restarted_connector_recounts_the_period_by_backfill) {
  simulator_process sim({"--seed", "9", "--queues", "3", "--rate", "60", "--speed", "20", "--duration", "6m",
                         "--heartbeat-ms", "500"});
  ASSERT_NE(sim.port, 0);
  {
    oracle_sink first;
    running_connector rc(connector_config(sim), first);
    ASSERT_TRUE(eventually([&] { return first.metrics_at(0).at("totalConnections").to_number<double>() > 20; }, 60s));
  }  // killed mid-stream: its state is gone
  oracle_sink second;
  running_connector rc(connector_config(sim), second);
  expect_matches_ground_truth(sim, second);
  // The start-up recovery hands over what it found (more than 20 sessions, less those seen
  // live first) as one batch; a live snapshot diff carries a few events at most.
  std::lock_guard lock(second.mutex);
  EXPECT_GE(second.largest_batch, 10u);
}

// What a cluster's stream does with what two leaders publish: an event whose id it holds
// already is dropped (Nats-Msg-Id, then each node's own ids; docs/SCALING.md), the rest reaches
// the oracle. Also keeps the newest event time, which a new leader takes over from.
struct stream_sink final : events::event_sink {
  void accept(std::span<const events::session_event> batch) override {
    const auto ids = events::event_ids(batch);
    std::vector<events::session_event> fresh;
    {
      std::lock_guard lock(mutex);
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (!newest || batch[i].time_ms > *newest) newest = batch[i].time_ms;
        if (ids_held.insert(ids[i]).second) fresh.push_back(batch[i]);
        else ++repeats;
      }
    }
    oracle.accept(fresh);
  }
  void reject(events::decode_reason r, std::string_view detail) override { oracle.reject(r, detail); }
  std::optional<core::millis> newest_event() const {
    std::lock_guard lock(mutex);
    return newest;
  }

  mutable std::mutex mutex;
  std::set<std::string> ids_held;
  std::optional<core::millis> newest;
  std::uint64_t repeats = 0;
  oracle_sink oracle;
};

core::millis sim_elapsed(const simulator_process& sim) {
  const auto s = sim_get(sim, "/sim/status");
  if (!s.contains("simNow")) return 0;
  return s.at("simNow").to_number<core::millis>() - s.at("start").to_number<core::millis>();
}

// Issue 14: a cluster's new leader. The first connector follows the workload until 40 simulated
// seconds before its end and dies; the second starts after the end, taking over from the newest
// event the first published. The conversations open across the leaderless time sent messages in
// it and never another snapshot: only fetching their messages brings those back (before, a
// takeover ran a plain start-up recovery: messagesInWindow short by every message of the
// leaderless time). What the second re-derives of the first's events must carry the same ids.
TEST(connector_vs_simulator_restart, a_takeover_fetches_the_messages_of_conversations_open_across_the_leaderless_time) {
  simulator_process sim({"--seed", "9", "--queues", "3", "--rate", "60", "--speed", "40", "--duration", "4m",
                         "--heartbeat-ms", "500", "--rate-limit", "12000"});
  ASSERT_NE(sim.port, 0);
  stream_sink stream;
  auto c = connector_config(sim);
  c.reconcile_interval_ms = 0;  // only the start-up recoveries
  c.api_requests_per_minute = 12000;  // the ~180 fetches are paced; kept short here
  {
    running_connector old_leader(c, stream);
    ASSERT_TRUE(eventually([&] { return sim_elapsed(sim) >= 200'000; }, 60s));
  }  // killed: its state is gone
  ASSERT_TRUE(eventually([&] { return finished(sim); }, 60s)) << "the workload did not finish";
  ASSERT_TRUE(stream.newest_event());
  c.takeover_gap_start = [newest = stream.newest_event()] { return newest; };
  c.startup_backfill_wait_ms = 0;  // the workload is over: no live event will come
  running_connector new_leader(c, stream);
  ASSERT_TRUE(gap_fetches_done(new_leader, 1));
  expect_matches_ground_truth(sim, stream.oracle);
  const auto g = new_leader.conn.status().genesys_or_zero();
  EXPECT_GT(g.gap_fetches, 0u);
  EXPECT_GT(g.gap_messages_recovered, 0u);
  EXPECT_GT(stream.repeats, 0u);  // the old leader's events, derived again, were recognised
  EXPECT_EQ(stream.oracle.duplicate_connects, 0u);
  EXPECT_EQ(stream.oracle.unknown_disconnects, 0u);
}

// Issue 16 item 6. The simulator runs ×20, so event time runs far ahead of the wall clock; the
// gaps come late in the workload. A recovery reads the gap (in event time, with its margin) and
// looks up by id what was open before it, instead of re-reading from the start of the workload
// (before: every recovery read every conversation so far).
TEST(connector_vs_simulator_gaps, a_recovery_reads_the_gap_and_looks_up_what_was_open_before_it) {
  simulator_process sim({"--seed", "13", "--queues", "3", "--rate", "60", "--speed", "20", "--duration", "8m",
                         "--heartbeat-ms", "500", "--fault", "drop@300", "--fault", "drop@360", "--fault", "drop@420"});
  ASSERT_NE(sim.port, 0);
  oracle_sink sink;
  auto c = connector_config(sim);
  c.reconcile_interval_ms = 0;  // only the gaps' recoveries
  running_connector rc(c, sink);
  expect_matches_ground_truth(sim, sink);
  const auto g = rc.conn.status().genesys_or_zero();
  ASSERT_GE(g.backfills, 4u);  // start-up + three gaps
  // ~60 conversations a minute: a gap (a few wall seconds at x20) plus the 60 s margin is
  // ~100-200 rows read by interval; the whole workload up to the gaps is 300-420. The rows
  // looked up by id are counted apart.
  const auto by_interval = g.backfill_conversations - g.backfill_lookups;
  EXPECT_LE(by_interval / (g.backfills - 1), 250u)
      << by_interval << " rows by interval and " << g.backfill_lookups << " by id in " << g.backfills;
  EXPECT_GT(g.backfill_lookups, 0u);
  EXPECT_EQ(g.refused_queries, 0u);
}

// At x60 a channel evicted with both answers of its re-creation slow (4 s each) is down ~8
// simulated minutes, more than the recovery's query reaches past the last event seen (5 min):
// the stream comes back past the query's end, and that stretch is read by a follow-up recovery.
TEST(connector_vs_simulator_gaps, a_stream_back_past_the_query_end_is_read_by_a_follow_up_recovery) {
  simulator_process sim({"--seed", "19", "--queues", "2", "--rate", "60", "--speed", "60", "--duration", "16m",
                         "--heartbeat-ms", "500", "--rate-limit", "3000", "--fault", "slow@360,count=2,ms=4000",
                         "--fault", "evict@360"});
  ASSERT_NE(sim.port, 0);
  oracle_sink sink;
  auto c = connector_config(sim);
  c.reconcile_interval_ms = 0;  // only the gap's recoveries
  c.queue_rediscovery_ms = 3'600'000;  // the slow answers go to the channel's re-creation
  // Where the build runs slowly (ASan), the stream comes back after the workload ended and the
  // messages of the ~180 conversations open across the gap are fetched one by one, paced by the
  // request budget: at the default 240/min that is over a minute, longer than the test waits.
  c.api_requests_per_minute = 3000;
  running_connector rc(c, sink);
  ASSERT_TRUE(eventually([&] { return finished(sim); }, 120s)) << "the workload did not finish";
  ASSERT_TRUE(gap_fetches_done(rc, 3));  // start-up, the gap, the follow-up
  expect_matches_ground_truth(sim, sink);
  const auto g = rc.conn.status().genesys_or_zero();
  EXPECT_GT(g.gap_fetches, 0u);
  EXPECT_GT(g.gap_messages_recovered, 0u);
}

// Seed 3 of the soak: a channel lost near the workload's end stays down past it, so the
// conversations open across the gap never send another snapshot and the details rows carry no
// message ids. Only fetching their messages (GET /api/v2/conversations/messages/{id}) after the
// recovery brings back what the gap lost; before, the last window was short of those messages.
TEST(connector_vs_simulator_gaps, messages_of_conversations_open_across_a_gap_at_the_end_are_fetched) {
  // Evicted 4 simulated s before the end, with the channel's re-creation throttled for ~2 wall s
  // (40 simulated s): the gap reaches past the end of the workload.
  simulator_process sim({"--seed", "17", "--queues", "2", "--rate", "30", "--speed", "20", "--duration", "4m",
                         "--heartbeat-ms", "500", "--rate-limit", "3000", "--fault", "burst_429@236,count=2,retryAfter=1",
                         "--fault", "evict@236"});
  ASSERT_NE(sim.port, 0);
  oracle_sink sink;
  auto c = connector_config(sim);
  c.reconcile_interval_ms = 0;  // only the gap's recovery
  c.api_requests_per_minute = 3000;  // the fetches are paced; kept short here
  running_connector rc(c, sink);
  ASSERT_TRUE(eventually([&] { return finished(sim); }, 120s)) << "the workload did not finish";
  ASSERT_TRUE(gap_fetches_done(rc, 2));  // start-up, the gap
  expect_matches_ground_truth(sim, sink);
  const auto counters = sim_get(sim, "/sim/status").at("counters").as_object();
  EXPECT_GT(counters.at("messageConversations").to_number<std::int64_t>(), 0) << json::serialize(counters);
  EXPECT_EQ(counters.at("lostInGap").to_number<std::int64_t>(), 0);  // a socket gap, not a silent one
  const auto g = rc.conn.status().genesys_or_zero();
  EXPECT_EQ(g.gap_fetches, static_cast<std::uint64_t>(counters.at("messageConversations").to_number<std::int64_t>()));
  EXPECT_GT(g.gap_messages_recovered, 0u);
}

// Issue 16 item 7: the simulator refuses intervals over 12 hours. The start-up recovery's 24 h
// look-back is split until accepted (before: asked again unchanged for ever, so neither it nor
// the recovery of the later gap ever ran), and the figures still equal the ground truth.
TEST(connector_vs_simulator_refusals, a_refused_interval_is_split_until_the_api_accepts_it) {
  simulator_process sim({"--seed", "17", "--queues", "3", "--rate", "60", "--speed", "20", "--duration", "4m",
                         "--heartbeat-ms", "500", "--details-max-interval", "12h", "--fault", "drop@150"});
  ASSERT_NE(sim.port, 0);
  oracle_sink sink;
  running_connector rc(connector_config(sim), sink);
  expect_matches_ground_truth(sim, sink);
  const auto g = rc.conn.status().genesys_or_zero();
  EXPECT_GE(g.backfills, 2u);
  EXPECT_GE(g.refused_queries, 1u);
  EXPECT_EQ(g.intervals_given_up, 0u) << g.last_given_up;
}

// A refusal that splitting cannot help (the limit is below the shortest span asked) is given up
// once per recovery, reported in status, and not repeated without end.
TEST(connector_vs_simulator_refusals, what_cannot_be_asked_is_given_up_and_reported) {
  simulator_process sim({"--seed", "17", "--queues", "2", "--rate", "30", "--speed", "20", "--duration", "2m",
                         "--heartbeat-ms", "500", "--details-max-interval", "10s"});
  ASSERT_NE(sim.port, 0);
  oracle_sink sink;
  auto c = connector_config(sim);
  c.reconcile_interval_ms = 0;
  c.details_min_interval_ms = 60'000;
  running_connector rc(c, sink);
  ASSERT_TRUE(eventually([&] { return rc.conn.status().genesys_or_zero().backfills >= 1; }, 30s));
  const auto g = rc.conn.status().genesys_or_zero();
  EXPECT_EQ(g.intervals_given_up, 1u);
  EXPECT_LE(g.refused_queries, 20u);  // halved down to a minute, then given up: bounded
  EXPECT_NE(g.last_given_up.find("details query 20"), std::string::npos) << g.last_given_up;
  EXPECT_NE(g.last_given_up.find("longer than the maximum of 10 seconds"), std::string::npos) << g.last_given_up;
  // Nothing more is asked for that recovery: the count stays put.
  const auto before = g.refused_queries;
  ASSERT_TRUE(eventually([&] { return finished(sim); }, 60s));
  EXPECT_EQ(rc.conn.status().genesys_or_zero().refused_queries, before);
  EXPECT_TRUE(rc.fatal.empty()) << rc.fatal;
}

// Throws on its first event, then records like the oracle.
struct throwing_once_sink final : events::event_sink {
  void accept(std::span<const events::session_event> batch) override {
    if (!thrown.exchange(true)) throw std::runtime_error("sink failed once");
    oracle.accept(batch);
  }
  void reject(events::decode_reason r, std::string_view detail) override { oracle.reject(r, detail); }
  std::atomic<bool> thrown{false};
  oracle_sink oracle;
};

// The workload has ended before the connector starts, so no live event flows: the first event
// comes from the start-up recovery, a supervised task, and throws there. The task must be
// counted and restarted, and the restarted task must run the interrupted recovery again
// (periodic reconciliation is off, so nothing else would).
TEST(connector_vs_simulator_supervision, a_task_ending_on_an_unexpected_exception_is_restarted_and_counted) {
  simulator_process sim({"--seed", "9", "--queues", "3", "--rate", "60", "--speed", "60", "--duration", "2m",
                         "--heartbeat-ms", "500"});
  ASSERT_NE(sim.port, 0);
  ASSERT_TRUE(eventually([&] { return finished(sim); }, 60s)) << "the workload did not finish";
  throwing_once_sink sink;
  auto c = connector_config(sim);
  c.startup_backfill_wait_ms = 0;
  c.reconcile_interval_ms = 0;
  running_connector rc(c, sink);
  // The restart backoff's first delay is at most 1 s.
  ASSERT_TRUE(eventually([&] { return rc.conn.status().genesys_or_zero().backfills > 0; }, 30s)) << rc.conn.status().last_error;
  const auto st = rc.conn.status();
  EXPECT_TRUE(sink.thrown);
  EXPECT_EQ(st.unexpected_errors, 1u);
  EXPECT_NE(st.last_error.find("gap recovery failed: sink failed once; restarting"), std::string::npos) << st.last_error;
  EXPECT_TRUE(rc.fatal.empty()) << rc.fatal;
}

TEST(connector_vs_simulator_config, refused_credentials_are_fatal_without_retrying) {
  simulator_process sim({"--seed", "1", "--duration", "1m"});
  ASSERT_NE(sim.port, 0);
  auto c = connector_config(sim);
  c.client_secret = "not-the-secret";
  oracle_sink sink;
  running_connector rc(c, sink);
  ASSERT_TRUE(eventually([&] { return rc.conn.status().state == events::connection_state::failed; }, 20s));
  const auto st = rc.conn.status();
  EXPECT_NE(st.last_error.find("invalid_client"), std::string::npos) << st.last_error;
  EXPECT_EQ(st.last_error.find("not-the-secret"), std::string::npos);
}

TEST(connector_vs_simulator_queues, queues_chosen_by_name_are_followed_and_labelled_with_the_routing_names) {
  simulator_process sim({"--seed", "1", "--queues", "4", "--duration", "1m"});
  ASSERT_NE(sim.port, 0);
  auto c = connector_config(sim);
  c.queue_ids = {"Sales", "technical support"};  // the simulator's names; the second but for case
  oracle_sink sink;
  running_connector rc(c, sink);
  ASSERT_TRUE(eventually([&] { return rc.conn.status().genesys->topics == 2; }, 20s));
  const auto st = rc.conn.status();
  ASSERT_EQ(st.queue_labels.size(), 2u);
  std::set<std::string> names;
  for (const auto& l : st.queue_labels) names.insert(l.name);
  EXPECT_EQ(names, (std::set<std::string>{"Sales", "Technical Support"}));
  EXPECT_LT(st.queue_labels[0].id, st.queue_labels[1].id) << "sorted by id";
}

TEST(connector_vs_simulator_queues, an_unknown_queue_name_is_fatal_and_named) {
  simulator_process sim({"--seed", "1", "--queues", "2", "--duration", "1m"});
  ASSERT_NE(sim.port, 0);
  auto c = connector_config(sim);
  c.queue_ids = {"Billing", "Biling"};
  oracle_sink sink;
  running_connector rc(c, sink);
  ASSERT_TRUE(eventually([&] { return rc.conn.status().state == events::connection_state::failed; }, 20s));
  EXPECT_NE(rc.conn.status().last_error.find("\"Biling\""), std::string::npos) << rc.conn.status().last_error;
  EXPECT_EQ(rc.conn.status().genesys->topics, 0u);
}

TEST(connector_vs_simulator_config, an_untrusted_server_certificate_is_refused) {
  simulator_process sim({"--seed", "1", "--duration", "1m"});
  ASSERT_NE(sim.port, 0);
  auto c = connector_config(sim);
  c.ca_file.clear();  // the system store does not trust the test CA
  oracle_sink sink;
  running_connector rc(c, sink);
  ASSERT_TRUE(eventually([&] { return !rc.conn.status().last_error.empty() || rc.conn.status().frames_received > 0; }, 20s));
  EXPECT_NE(rc.conn.status().last_error.find("certificate verify failed"), std::string::npos) << rc.conn.status().last_error;
  EXPECT_EQ(rc.conn.status().frames_received, 0u);
  EXPECT_NE(rc.conn.status().state, events::connection_state::connected);
}

}  // namespace
}  // namespace wmpulse::genesys
