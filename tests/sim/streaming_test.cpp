// Publishing to channel sockets on a manual clock: heartbeats, pong, topic filter, one socket
// per channel, socket_closing, drops, gaps, duplicates, reordering, garbage, the tutorial stream.
#include <gtest/gtest.h>

#include "sim_fixture.hpp"

namespace wmpulse::sim::testing {
namespace {
namespace json = boost::json;

std::size_t count_topic(const fake_peer& p, std::string_view prefix) {
  std::size_t n = 0;
  for (const auto& t : p.texts) n += t.find(prefix) != std::string::npos;
  return n;
}

std::size_t conversation_events(const fake_peer& p) { return count_topic(p, "\"topicName\":\"v2.routing.queues."); }

struct subscribed : sim_fixture {
  explicit subscribed(sim_options o = small_options()) : sim_fixture(std::move(o)) {
    channel_id = create_channel();
    std::vector<std::string> all;
    for (std::size_t q = 0; q < sim.line().work().queues().size(); ++q) all.push_back(topic(q));
    api("PUT", "/api/v2/notifications/channels/" + channel_id + "/subscriptions", subscription_body(all));
    peer = connect(channel_id);
  }
  void run_for(millis wall_ms, millis step = 100) {
    for (millis t = 0; t < wall_ms; t += step) {
      wall.advance(step);
      sim.tick();
    }
  }
  std::string channel_id;
  std::shared_ptr<fake_peer> peer;
};

TEST(streaming, heartbeats_follow_the_wall_clock) {
  subscribed f;
  f.run_for(29'900);
  EXPECT_EQ(count_topic(*f.peer, "WebSocket Heartbeat"), 0u);
  f.run_for(200);
  EXPECT_EQ(count_topic(*f.peer, "WebSocket Heartbeat"), 1u);
  f.run_for(30'000);
  EXPECT_EQ(count_topic(*f.peer, "WebSocket Heartbeat"), 2u);
}

TEST(streaming, ping_gets_pong) {
  subscribed f;
  f.sim.on_channel_text(f.peer, R"({"message":"ping"})");
  ASSERT_EQ(f.peer->texts.size(), 1u);
  EXPECT_EQ(json::parse(f.peer->texts[0]), json::parse(R"({"topicName":"channel.metadata","eventBody":{"message":"pong"}})"));
  f.sim.on_channel_text(f.peer, "not json");  // ignored, no crash
  EXPECT_EQ(f.peer->texts.size(), 1u);
}

TEST(streaming, envelope_shape_and_only_subscribed_topics) {
  sim_fixture f;
  const auto id = f.create_channel();
  f.api("PUT", "/api/v2/notifications/channels/" + id + "/subscriptions", subscription_body({f.topic(0)}));
  auto peer = f.connect(id);
  for (int i = 0; i < 600; ++i) {
    f.wall.advance(100);
    f.sim.tick();
  }
  ASSERT_GT(conversation_events(*peer), 10u);
  for (const auto& text : peer->texts) {
    const auto v = json::parse(text).as_object();
    if (v.at("topicName") == "channel.metadata") continue;
    EXPECT_EQ(std::string(v.at("topicName").as_string()), f.topic(0));
    EXPECT_EQ(v.at("version"), "2");
    EXPECT_TRUE(v.at("metadata").as_object().contains("CorrelationId"));
    EXPECT_TRUE(v.at("eventBody").as_object().contains("participants"));
  }
}

TEST(streaming, second_socket_kicks_the_first_and_nothing_is_buffered) {
  subscribed f;
  f.run_for(5'000);
  const auto first = f.peer;
  ASSERT_GT(conversation_events(*first), 0u);
  auto second = f.connect(f.channel_id);
  EXPECT_TRUE(first->closed);
  second->close(1000, "client went away");
  f.run_for(5'000);  // published while no socket is open: lost
  auto third = f.connect(f.channel_id);
  EXPECT_EQ(third->texts.size(), 0u);
  f.run_for(2'000);
  EXPECT_GT(conversation_events(*third), 0u);
}

TEST(streaming, socket_closing_then_close_after_the_delay) {
  subscribed f;
  std::string error;
  ASSERT_TRUE(f.sim.apply_fault({"socket_closing", {}}, error));
  EXPECT_EQ(count_topic(*f.peer, "v2.system.socket_closing"), 1u);
  f.run_for(59'900);
  EXPECT_FALSE(f.peer->closed);
  f.run_for(200);
  EXPECT_TRUE(f.peer->closed);
  EXPECT_EQ(f.peer->close_code, 1001);
}

TEST(streaming, drop_closes_without_a_close_frame) {
  subscribed f;
  std::string error;
  ASSERT_TRUE(f.sim.apply_fault({"drop", {}}, error));
  EXPECT_TRUE(f.peer->dropped);
  EXPECT_FALSE(f.peer->closed);
}

TEST(streaming, gap_loses_snapshots_but_not_ground_truth) {
  subscribed f;
  std::string error;
  ASSERT_TRUE(f.sim.apply_fault({"gap", {{"seconds", "120"}}}, error));
  f.run_for(2'000);  // 120 simulated seconds at speed 60
  EXPECT_EQ(conversation_events(*f.peer), 0u);
  EXPECT_GT(f.sim.stats().lost_in_gap, 0u);
  EXPECT_GT(f.sim.line().work().conversations().size(), 0u);
  f.run_for(2'000);
  EXPECT_GT(conversation_events(*f.peer), 0u);
}

// Facts §4.3 (reported): a channel dies with the token that created it. The socket stays up
// and heartbeats go on, so only a client that moves to a new channel notices.
TEST(streaming, a_channel_stops_delivering_once_its_token_expired) {
  auto o = small_options();
  o.token_lifetime_ms = 10'000;
  o.heartbeat_ms = 1'000;
  subscribed f(o);
  f.run_for(9'000);
  ASSERT_GT(conversation_events(*f.peer), 0u);
  f.run_for(1'000);  // the token expires now
  EXPECT_EQ(f.sim.tokens().check_token(f.token), token_check::expired);
  const auto before = conversation_events(*f.peer);
  f.run_for(5'000);
  EXPECT_EQ(conversation_events(*f.peer), before);
  EXPECT_TRUE(f.peer->open());
  EXPECT_GE(count_topic(*f.peer, "WebSocket Heartbeat"), 14u);
  // A new token's new channel delivers again; resubscribing the old one does not move it.
  f.token.clear();
  f.api("PUT", "/api/v2/notifications/channels/" + f.channel_id + "/subscriptions", subscription_body({f.topic(0)}));
  const auto fresh = f.create_channel();
  f.api("PUT", "/api/v2/notifications/channels/" + fresh + "/subscriptions", subscription_body({f.topic(0), f.topic(1), f.topic(2)}));
  auto peer = f.connect(fresh);
  f.run_for(3'000);
  EXPECT_GT(conversation_events(*peer), 0u);
  EXPECT_EQ(conversation_events(*f.peer), before);
}

TEST(streaming, revoked_tokens_are_announced_on_their_channels) {
  subscribed f;
  std::string error;
  ASSERT_TRUE(f.sim.apply_fault({"revoke_tokens", {}}, error));
  EXPECT_EQ(count_topic(*f.peer, "\"topicName\":\"v2.system.token_revoked." + f.channel_id + "\""), 1u);
  const auto before = conversation_events(*f.peer);
  f.run_for(3'000);
  EXPECT_EQ(conversation_events(*f.peer), before);
}

TEST(streaming, faults_are_reproducible_by_seed) {
  auto run = [] {
    sim_options o = small_options();
    o.rates.duplicate = 0.2;
    o.rates.reorder = 0.2;
    o.rates.garbage = 0.05;
    subscribed f(o);
    f.run_for(20'000);
    std::vector<std::string> out;
    for (const auto& t : f.peer->texts)
      if (t.find("Heartbeat") == std::string::npos) out.push_back(t.substr(0, t.find("\"metadata\"")));
    return std::make_pair(out, f.sim.stats().duplicated + f.sim.stats().reordered * 1000 + f.sim.stats().garbage * 1000000);
  };
  const auto a = run(), b = run();
  EXPECT_EQ(a, b);
  EXPECT_GT(a.second % 1000, 0u);          // duplicated
  EXPECT_GT(a.second / 1000 % 1000, 0u);   // reordered
  EXPECT_GT(a.second / 1000000, 0u);       // garbage
}

TEST(streaming, reordered_snapshots_stay_within_the_horizon) {
  auto frames = [](double reorder) {
    sim_options o = small_options();
    o.rates.reorder = reorder;
    o.rates.reorder_horizon = 3;
    subscribed f(o);
    f.run_for(20'000);
    std::vector<std::string> out;
    for (const auto& t : f.peer->texts)
      if (t.find("v2.routing.queues.") != std::string::npos) out.push_back(t.substr(0, t.find("\"metadata\"")));
    return out;
  };
  const auto in_order = frames(0), shuffled = frames(0.3);
  ASSERT_GT(in_order.size(), 100u);
  EXPECT_NE(in_order, shuffled);
  EXPECT_LE(in_order.size() - shuffled.size(), 10u);  // at most the frames still held at the end
  std::map<std::string, std::vector<std::size_t>> where;
  for (std::size_t i = 0; i < in_order.size(); ++i) where[in_order[i]].push_back(i);
  std::vector<std::size_t> natural;
  for (const auto& frame : shuffled) {
    auto& slots = where[frame];
    ASSERT_FALSE(slots.empty()) << "a reordered frame that was never published";
    natural.push_back(slots.front());
    slots.erase(slots.begin());
  }
  // A frame is overtaken by at most `horizon` frames published after it.
  for (std::size_t i = 0; i < natural.size(); ++i) {
    std::size_t overtaken_by = 0;
    for (std::size_t j = 0; j < i; ++j) overtaken_by += natural[j] > natural[i];
    ASSERT_LE(overtaken_by, 3u) << i;
  }
}

TEST(streaming, eviction_fault_removes_the_channel) {
  subscribed f;
  std::string error;
  ASSERT_TRUE(f.sim.apply_fault({"evict", {{"channelId", f.channel_id}}}, error));
  EXPECT_TRUE(f.peer->closed);
  EXPECT_EQ(f.api("HEAD", "/api/v2/notifications/channels/" + f.channel_id).status, 404u);
  unsigned status = 0;
  EXPECT_FALSE(f.sim.accept_channel_socket(f.channel_id, std::make_shared<fake_peer>(), status));
  EXPECT_EQ(status, 401u);
}

TEST(streaming, scheduled_faults_fire_at_their_simulated_time) {
  sim_options o = small_options();
  std::string error;
  o.faults.push_back(*parse_fault_spec("drop@30", error));  // 30 simulated s = 500 wall ms at speed 60
  subscribed f(o);
  f.run_for(400);
  EXPECT_FALSE(f.peer->dropped);
  f.run_for(200);
  EXPECT_TRUE(f.peer->dropped);
}

TEST(tutorial, sends_webchat_events_after_the_subscription) {
  sim_fixture f;
  auto peer = std::make_shared<fake_peer>();
  f.sim.accept_tutorial_socket(peer);
  for (int i = 0; i < 50; ++i) {
    f.wall.advance(100);
    f.sim.tick();
  }
  EXPECT_TRUE(peer->texts.empty());  // nothing before the subscription message
  f.sim.on_tutorial_text(peer, R"({"subscription":{"eventTypes":["webchat:connected"]}})");
  for (int i = 0; i < 600; ++i) {
    f.wall.advance(100);
    f.sim.tick();
  }
  std::set<std::string> types;
  for (const auto& t : peer->texts) {
    const auto v = json::parse(t).as_object();
    types.insert(std::string(v.at("eventType").as_string()));
    EXPECT_TRUE(v.at("data").as_object().contains("sessionId"));
    EXPECT_EQ(v.at("timestamp").as_string().size(), 24u);
  }
  EXPECT_EQ(types, (std::set<std::string>{"webchat:connected", "webchat:message", "webchat:disconnected"}));
}

TEST(tutorial, needs_a_token_unless_configured_otherwise) {
  sim_fixture f;
  const auto token = f.login();
  const std::string target = "/api/v2/analytics/events/stream?access_token=" + token;
  net::http_request_view v;
  v.target = "/api/v2/analytics/events/stream";
  v.header = [](std::string_view) { return std::string_view(); };
  EXPECT_FALSE(f.sim.tutorial_authorized(v));
  v.target = target;
  EXPECT_TRUE(f.sim.tutorial_authorized(v));
  sim_options o = small_options();
  o.tutorial_no_auth = true;
  sim_fixture open(o);
  v.target = "/api/v2/analytics/events/stream";
  EXPECT_TRUE(open.sim.tutorial_authorized(v));
}

TEST(clock, simulated_time_is_start_plus_wall_elapsed_times_speed_and_pauses) {
  sim_options o = small_options();
  o.paused = true;
  sim_fixture f(o);
  const millis start = o.workload.start_ms;
  f.wall.advance(10'000);
  EXPECT_EQ(f.sim.sim_now(), start);
  f.sim.resume();
  f.wall.advance(1'500);
  EXPECT_EQ(f.sim.sim_now(), start + 90'000);
}

}  // namespace
}  // namespace wmpulse::sim::testing
