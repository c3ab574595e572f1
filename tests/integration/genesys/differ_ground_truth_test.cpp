// The simulator's snapshots, as they go on the wire, through the connector's parser and differ
// and the aggregator: every queue figure, overall and per queue, equals /sim/expected at each
// step (no network: the end-to-end tests add TLS, faults and restarts).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "genesys/conversation_snapshot.hpp"
#include "genesys/snapshot_differ.hpp"
#include "metrics/aggregator.hpp"
#include "sim/ground_truth.hpp"
#include "sim/snapshot.hpp"
#include "sim/timeline.hpp"

namespace wmpulse {
namespace {

namespace json = boost::json;

template <class T>
json::value optional_value(const std::optional<T>& v) {
  return v ? json::value(static_cast<double>(*v)) : json::value(nullptr);
}

// The service's figures under the GraphQL names /sim/expected uses.
json::object served(const metrics::window_metrics& m) {
  const auto& k = m.contact.value();
  return {{"activeSessions", m.active_sessions},
          {"totalConnections", m.total_connections},
          {"messagesInWindow", m.messages_in_window},
          {"inboundMessagesPerMinute", m.inbound_messages_per_minute},
          {"outboundMessagesPerMinute", m.outbound_messages_per_minute},
          {"waiting", k.waiting},
          {"interacting", k.interacting},
          {"longestWaitingMs", optional_value(k.longest_waiting_ms)},
          {"offered", k.offered},
          {"answered", k.answered},
          {"abandoned", k.abandoned},
          {"shortAbandoned", k.short_abandoned},
          {"abandonRate", optional_value(k.abandon_rate)},
          {"serviceLevel", optional_value(k.service_level)},
          {"serviceLevelTargetMs", static_cast<double>(k.service_level_target_ms)},
          {"averageSpeedOfAnswerMs", optional_value(k.average_speed_of_answer_ms)},
          {"avgFirstResponseMs", optional_value(k.avg_first_response_ms)},
          {"avgAgentResponseMs", optional_value(k.avg_agent_response_ms)},
          {"avgHandleMs", optional_value(k.avg_handle_ms)}};
}

::testing::AssertionResult same(const json::object& got, const json::object& want) {
  for (const auto& [key, g] : got) {
    const auto& w = want.at(key);
    const bool equal = g.is_null() == w.is_null() &&
                       (g.is_null() || std::abs(g.to_number<double>() - w.to_number<double>()) <=
                                           1e-9 * std::max(1.0, std::abs(w.to_number<double>())));
    if (!equal) return ::testing::AssertionFailure() << key << ": service " << json::serialize(g) << ", expected " << json::serialize(w);
  }
  return ::testing::AssertionSuccess();
}

// The queue whose topic would carry the snapshot: its latest acd participant's.
std::string topic_queue(const json::object& body) {
  std::string q;
  for (const auto& p : body.at("participants").as_array())
    if (p.at("purpose") == "acd") q = std::string(p.at("queue").at("id").as_string());
  return q;
}

struct extras {
  double non_message_rate = 0, bot_share = 0, bot_only_share = 0;
};

void run(std::uint64_t seed, extras x = {}) {
  sim::workload_config cfg;
  cfg.seed = seed;
  cfg.non_message_rate = x.non_message_rate;
  cfg.bot_share = x.bot_share;
  cfg.bot_only_share = x.bot_only_share;
  cfg.start_ms = 1'700'000'000'000;
  cfg.web_per_minute = 300;
  cfg.queues = 6;
  cfg.duration_ms = 10 * 60'000;
  sim::timeline t(cfg);
  core::manual_clock unused(0);
  metrics::aggregator_config ac;
  ac.clock = metrics::clock_mode::event;
  ac.contact_figures = true;
  metrics::aggregator agg(ac, unused);
  genesys::snapshot_differ differ;
  std::int64_t answered = 0, abandoned = 0;
  for (core::millis now = cfg.start_ms; now <= cfg.start_ms + cfg.duration_ms; now += 5'000) {
    std::vector<events::session_event> out;
    for (const auto& c : t.advance(now)) {
      const auto& conversation = t.work().conversations()[c.conversation];
      if (sim::snapshot_queues(conversation, c.time).empty()) continue;  // on no queue topic (a bot resolved it)
      const auto wire = json::parse(json::serialize(sim::render_snapshot(conversation, c.time)));
      auto parsed = genesys::parse_queue_conversation(wire, topic_queue(wire.as_object()));
      ASSERT_TRUE(parsed) << parsed.error().detail;
      differ.apply(parsed.value(), now, out);
    }
    agg.apply(out);
    const auto snap = agg.snapshot();
    const auto expected = [&](const std::string& q) {
      return sim::to_json(sim::compute_expected(t.work().conversations(), {snap.taken_at_ms, ac.window_ms, q, t.watermark(), std::nullopt}));
    };
    ASSERT_TRUE(same(served(snap.all), expected(""))) << "seed " << seed << " overall at " << snap.taken_at_ms;
    for (const auto& q : snap.queues)
      ASSERT_TRUE(same(served(q.metrics), expected(q.queue_id))) << "seed " << seed << " queue " << q.queue_id << " at " << snap.taken_at_ms;
    answered += snap.all.contact->answered;
    abandoned += snap.all.contact->short_abandoned;
  }
  EXPECT_GT(answered, 100);
  EXPECT_GT(abandoned, 5);  // short abandons happen
}

TEST(differ_ground_truth, every_queue_figure_equals_the_simulators_ground_truth) {
  run(11);
}

// Receipts and typing/presence entries are no messages; flows and bots come before the queue;
// conversations a bot resolves never reach a queue topic (issue 16).
TEST(differ_ground_truth, receipts_events_and_bots_leave_every_figure_equal) {
  run(12, extras{0.3, 0.4, 0.3});
}

}  // namespace
}  // namespace wmpulse
