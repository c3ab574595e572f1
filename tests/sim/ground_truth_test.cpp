// Recomputes the expected metrics from the published snapshots alone (parsed as a client
// would), and checks /sim/expected's computation against it at many instants.
#include <gtest/gtest.h>

#include <map>
#include <optional>

#include <boost/json.hpp>

#include "core/iso8601.hpp"
#include "sim/ground_truth.hpp"
#include "sim/snapshot.hpp"
#include "sim/timeline.hpp"

namespace wmpulse::sim {
namespace {
namespace json = boost::json;

struct seen_session {
  millis connected = 0, connected_seen = 0;
  std::optional<millis> end, end_seen;
  std::vector<std::pair<millis, std::string>> acds;  // (startTime, queue id) from the latest snapshot
  std::string queue_at(millis t) const {
    std::string q = acds.front().second;
    for (const auto& [start, id] : acds)
      if (start <= t) q = id;
    return q;
  }
};
struct seen_message {
  millis time = 0, seen = 0;
  bool inbound = true;
  std::string conversation;
};

// What a client learns from the snapshots it receives (first sighting of each fact).
struct recorder {
  std::map<std::string, seen_session> sessions;
  std::map<std::string, seen_message> messages;

  void on_snapshot(const json::object& body, millis received) {
    const auto& parts = body.at("participants").as_array();
    const json::object* customer = nullptr;
    std::vector<std::pair<millis, std::string>> acds;
    for (const auto& p : parts) {
      const auto& o = p.as_object();
      if (o.at("purpose") == "customer") customer = &o;
      if (o.at("purpose") == "acd")
        acds.emplace_back(*core::parse_iso8601_ms(o.at("startTime").as_string()), std::string(o.at("queue").at("id").as_string()));
    }
    if (!customer || customer->at("type") != "webmessaging") return;
    const std::string id(body.at("id").as_string());
    auto [it, fresh] = sessions.try_emplace(id);
    auto& s = it->second;
    if (fresh) {
      s.connected = *core::parse_iso8601_ms(customer->at("connectedTime").as_string());
      s.connected_seen = received;
    }
    s.acds = acds;
    if (!s.end && customer->contains("endTime")) {
      s.end = *core::parse_iso8601_ms(customer->at("endTime").as_string());
      s.end_seen = received;
    }
    for (const auto& p : parts) {
      const auto& o = p.as_object();
      if (!o.contains("messages")) continue;
      for (const auto& m : o.at("messages").as_array()) {
        const std::string mid(m.at("message").at("id").as_string());
        if (messages.count(mid) || m.at("messageMetadata").at("type") != "Text") continue;  // receipts, events
        messages[mid] = {*core::parse_iso8601_ms(m.at("messageTime").as_string()), received,
                         o.at("purpose") == "customer", id};
      }
    }
  }

  expected_metrics metrics(millis at, millis window, const std::string& queue) const {
    expected_metrics m;
    std::vector<double> durations;
    auto in = [&](const seen_session& s, millis t) { return queue.empty() || s.queue_at(t) == queue; };
    for (const auto& [_, s] : sessions) {
      if (s.connected_seen > at) continue;
      if (in(s, s.connected)) ++m.total_connections;
      const bool ended = s.end && *s.end_seen <= at;
      if (!ended && in(s, at)) ++m.active_sessions;
      if (ended && *s.end > at - window && *s.end <= at && in(s, *s.end)) durations.push_back(double(*s.end - s.connected));
    }
    std::int64_t inbound = 0, outbound = 0;
    for (const auto& [_, msg] : messages)
      if (msg.seen <= at && msg.time > at - window && msg.time <= at && in(sessions.at(msg.conversation), msg.time))
        (msg.inbound ? inbound : outbound) += 1;
    m.messages_in_window = inbound + outbound;
    m.messages_per_minute = double(inbound + outbound) * 60'000.0 / double(window);
    m.inbound_messages_per_minute = double(inbound) * 60'000.0 / double(window);
    m.outbound_messages_per_minute = double(outbound) * 60'000.0 / double(window);
    m.sessions_ended_in_window = std::int64_t(durations.size());
    if (!durations.empty()) {
      double sum = 0;
      for (double d : durations) sum += d;
      m.avg_session_duration_ms = sum / double(durations.size());
      m.duration_p50_ms = nearest_rank(durations, 50);
      m.duration_p99_ms = nearest_rank(durations, 99);
    }
    return m;
  }
};

void expect_matches_recomputed(const workload_config& cfg) {
  timeline t(cfg);
  recorder client;
  std::vector<millis> checkpoints;
  for (millis now = cfg.start_ms; now <= cfg.start_ms + cfg.duration_ms; now += 7'000) {
    for (const auto& c : t.advance(now)) {
      const auto& conv = t.work().conversations()[c.conversation];
      if (snapshot_queues(conv, c.time).empty()) continue;  // on no queue topic: never published
      const auto text = json::serialize(render_snapshot(conv, c.time));  // what goes on the wire
      client.on_snapshot(json::parse(text).as_object(), c.time);
    }
    checkpoints.push_back(now);
  }
  ASSERT_GT(client.sessions.size(), 1000u);
  const std::string q0 = t.work().queues()[0].id;
  std::size_t compared = 0;
  for (std::size_t i = 0; i < checkpoints.size(); i += 5) {
    for (millis window : {60'000LL, 300'000LL}) {
      for (const std::string& queue : {std::string(), q0}) {
        const millis at = checkpoints[i];
        const auto want = client.metrics(at, window, queue);
        const auto got = compute_expected(t.work().conversations(), {at, window, queue, t.watermark(), {}});
        ASSERT_EQ(got.active_sessions, want.active_sessions) << at;
        ASSERT_EQ(got.total_connections, want.total_connections) << at;
        ASSERT_EQ(got.messages_in_window, want.messages_in_window) << at;
        ASSERT_DOUBLE_EQ(got.inbound_messages_per_minute, want.inbound_messages_per_minute) << at;
        ASSERT_EQ(got.sessions_ended_in_window, want.sessions_ended_in_window) << at;
        ASSERT_NEAR(got.avg_session_duration_ms, want.avg_session_duration_ms, 1e-6) << at;
        ASSERT_EQ(got.duration_p50_ms, want.duration_p50_ms) << at;
        ASSERT_EQ(got.duration_p99_ms, want.duration_p99_ms) << at;
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 50u);
}

workload_config forty_minutes() {
  workload_config cfg;
  cfg.seed = 42;
  cfg.start_ms = 1'700'000'000'000;
  cfg.web_per_minute = 40;
  cfg.duration_ms = 40 * 60'000;
  return cfg;
}

TEST(ground_truth, matches_metrics_recomputed_from_published_snapshots) { expect_matches_recomputed(forty_minutes()); }

// Receipts and typing/presence entries are never counted; conversations a bot resolved never
// reach a queue topic and are not counted; a bot's messages count once the conversation is routed.
TEST(ground_truth, non_message_entries_and_bots_count_as_a_client_sees_them) {
  auto cfg = forty_minutes();
  cfg.non_message_rate = 0.3;
  cfg.bot_share = 0.5;
  cfg.bot_only_share = 0.4;
  expect_matches_recomputed(cfg);
}

TEST(ground_truth, non_message_entries_and_bot_only_conversations_are_not_counted) {
  auto cfg = forty_minutes();
  cfg.non_message_rate = 0.3;
  cfg.bot_share = 0.5;
  cfg.bot_only_share = 0.4;
  timeline t(cfg);
  t.advance(cfg.start_ms + cfg.duration_ms);
  std::size_t bot_only = 0, routed_bots = 0, entries = 0, not_messages = 0, web = 0;
  for (const auto& c : t.work().conversations()) {
    if (!c.web()) continue;
    ++web;
    bot_only += c.bot_only;
    routed_bots += !c.bot_only && c.participants.at(1).purpose == "workflow";
    for (const auto& m : c.messages) {
      ++entries;
      not_messages += !m.counted();
    }
    if (c.bot_only) {
      EXPECT_TRUE(snapshot_queues(c, *c.end).empty());
      EXPECT_EQ(c.changes, std::vector<millis>{*c.end});
    }
  }
  EXPECT_NEAR(double(bot_only) / double(web), 0.2, 0.05);
  EXPECT_NEAR(double(routed_bots) / double(web), 0.3, 0.05);
  EXPECT_NEAR(double(not_messages) / double(entries), 0.3, 0.03);
  const millis end = cfg.start_ms + cfg.duration_ms;
  const auto all = compute_expected(t.work().conversations(), {end, cfg.duration_ms, {}, end, {}});
  std::int64_t counted_sessions = 0;
  for (const auto& c : t.work().conversations()) counted_sessions += c.web() && !c.bot_only && c.routed <= end;
  EXPECT_EQ(all.total_connections, counted_sessions);
}

// Hand-built timelines whose queue figures are worked out by hand (docs/METRICS.md).
sim_participant part(std::string purpose, millis start, millis connected, std::optional<millis> end = {},
                     std::string disconnect_type = {}, std::string queue = "q") {
  sim_participant p;
  p.purpose = std::move(purpose);
  p.start = start;
  p.connected = connected;
  p.end = end;
  p.disconnect_type = std::move(disconnect_type);
  if (p.purpose != "customer") p.queue_id = std::move(queue);
  return p;
}

sim_conversation conversation(std::vector<sim_participant> parts, std::vector<std::pair<millis, msg_dir>> messages = {}) {
  sim_conversation c;
  c.messaging_type = "webmessaging";
  c.participants = std::move(parts);
  c.routed = c.participants.at(1).start;
  // Outbound messages are the (first) agent's.
  std::size_t agent = 0;
  for (std::size_t i = 0; i < c.participants.size(); ++i)
    if (c.participants[i].purpose == "agent" && agent == 0) agent = i;
  for (const auto& [t, d] : messages) c.messages.push_back({"m", t, d, d == msg_dir::outbound ? agent : 0, std::nullopt});
  return c;
}

TEST(ground_truth, queue_figures_of_hand_built_timelines) {
  std::deque<sim_conversation> cs;
  // Answered after 10 s (in target), handled 38 s, three replies.
  cs.push_back(conversation({part("customer", 1'000, 1'000, 50'000, "client"), part("acd", 2'000, 2'000, 9'000, "transfer"),
                             part("agent", 9'000, 12'000, 50'000, "peer")},
                            {{3'000, msg_dir::inbound}, {5'000, msg_dir::inbound}, {15'000, msg_dir::outbound},
                             {20'000, msg_dir::inbound}, {26'000, msg_dir::outbound}}));
  // Gave up after 5 s: a short abandon.
  cs.push_back(conversation({part("customer", 1'000, 1'000, 7'000, "client"), part("acd", 2'000, 2'000, 7'000, "peer")}));
  // Still waiting since 40 s.
  cs.push_back(conversation({part("customer", 39'000, 39'000), part("acd", 40'000, 40'000)}));
  const auto m = compute_expected(cs, {60'000, 60'000, "", 60'000, std::nullopt});
  EXPECT_EQ(m.offered, 3);
  EXPECT_EQ(m.answered, 1);
  EXPECT_EQ(m.abandoned, 1);
  EXPECT_EQ(m.short_abandoned, 1);
  EXPECT_EQ(m.abandon_rate, 0.5);
  EXPECT_EQ(m.service_level, 1.0);  // 1 in target / (1 answered + 1 abandoned - 1 short)
  EXPECT_EQ(m.average_speed_of_answer_ms, 10'000.0);
  EXPECT_EQ(m.avg_handle_ms, 38'000.0);
  EXPECT_EQ(m.avg_first_response_ms, 12'000.0);
  EXPECT_DOUBLE_EQ(*m.avg_agent_response_ms, (12'000.0 + 10'000.0 + 6'000.0) / 3);
  EXPECT_EQ(m.waiting, 1);
  EXPECT_EQ(m.interacting, 0);
  EXPECT_EQ(m.longest_waiting_ms, 20'000.0);
  const auto mid = compute_expected(cs, {20'000, 60'000, "", 20'000, std::nullopt});
  EXPECT_EQ(mid.interacting, 1);
  EXPECT_EQ(mid.waiting, 0);
  EXPECT_FALSE(mid.avg_handle_ms.has_value());
  const auto other = compute_expected(cs, {60'000, 60'000, "elsewhere", 60'000, std::nullopt});
  EXPECT_EQ(other.offered, 0);
  EXPECT_FALSE(other.abandon_rate.has_value());
  EXPECT_FALSE(other.longest_waiting_ms.has_value());
}

TEST(ground_truth, nearest_rank_percentiles) {
  EXPECT_EQ(nearest_rank({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 50), 5);
  EXPECT_EQ(nearest_rank({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90), 9);
  EXPECT_EQ(nearest_rank({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 99), 10);
  EXPECT_EQ(nearest_rank({7}, 50), 7);
}

TEST(ground_truth, nothing_counts_before_it_is_published) {
  workload_config cfg;
  cfg.start_ms = 1'000'000;
  timeline t(cfg);
  t.advance(cfg.start_ms + 600'000);
  const sim_conversation* first = nullptr;
  for (const auto& c : t.work().conversations())
    if (c.web() && (!first || c.routed < first->routed)) first = &c;
  ASSERT_NE(first, nullptr);
  const auto before = compute_expected(t.work().conversations(), {first->routed - 1, 60'000, "", t.watermark(), {}});
  const auto after = compute_expected(t.work().conversations(), {first->routed, 60'000, "", t.watermark(), {}});
  EXPECT_EQ(before.total_connections, 0);
  EXPECT_EQ(after.total_connections, 1);
  EXPECT_EQ(after.active_sessions, 1);
  // Published up to an earlier instant: nothing yet, whatever `at` says.
  const auto unpublished = compute_expected(t.work().conversations(), {first->routed, 60'000, "", first->routed - 1, {}});
  EXPECT_EQ(unpublished.total_connections, 0);
}


// With a UTC offset, totalConnections counts the daily period holding `at`, as the service does
// for Genesys: connects before local midnight no longer count after it.
TEST(ground_truth, total_connections_count_from_local_midnight_when_an_offset_is_given) {
  const millis midnight = 1'700'006'400'000;  // 2023-11-15T00:00:00Z
  workload_config cfg;
  cfg.seed = 7;
  cfg.start_ms = midnight - 10 * 60'000;
  cfg.web_per_minute = 40;
  cfg.duration_ms = 20 * 60'000;
  timeline t(cfg);
  recorder client;
  for (const auto& c : t.advance(cfg.start_ms + cfg.duration_ms))
    client.on_snapshot(json::parse(json::serialize(render_snapshot(t.work().conversations()[c.conversation], c.time))).as_object(),
                       c.time);
  const millis at = midnight + 10 * 60'000;
  std::int64_t before_midnight = 0, since_midnight = 0;
  for (const auto& [_, s] : client.sessions)
    if (s.connected_seen <= at) ++(s.connected < midnight ? before_midnight : since_midnight);
  ASSERT_GT(before_midnight, 0);
  ASSERT_GT(since_midnight, 0);
  expected_query q{at, 60'000, "", t.watermark(), {}};
  EXPECT_EQ(compute_expected(t.work().conversations(), q).total_connections, before_midnight + since_midnight);
  q.counting_utc_offset_minutes = 0;
  EXPECT_EQ(compute_expected(t.work().conversations(), q).total_connections, since_midnight);
  q.counting_utc_offset_minutes = 60;  // local midnight at +01:00 was 23:00Z, before the start
  EXPECT_EQ(compute_expected(t.work().conversations(), q).total_connections, before_midnight + since_midnight);
}

}  // namespace
}  // namespace wmpulse::sim
