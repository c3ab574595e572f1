// GET /api/v2/conversations/messages/{id}: the conversation as a MessageConversation (facts §7.5)
// from the simulator's state, behind the same token check and rate limit as every API route.
#include <gtest/gtest.h>

#include "sim_fixture.hpp"

namespace wmpulse::sim::testing {
namespace {
namespace json = boost::json;

// Runs the simulator for `wall_ms` of wall time (×60: an hour of workload per wall minute).
void run_for(sim_fixture& f, millis wall_ms) {
  for (millis t = 0; t < wall_ms; t += 100) {
    f.wall.advance(100);
    f.sim.tick();
  }
}

const sim_conversation* with_messages(const sim_fixture& f) {
  for (const auto& c : f.sim.line().work().conversations())
    if (c.web() && c.customer().start <= f.sim.line().watermark() && !c.messages.empty() &&
        c.messages.front().time <= f.sim.line().watermark())
      return &c;
  return nullptr;
}

TEST(conversations_route, a_conversation_has_its_published_messages_with_message_ids) {
  sim_fixture f;
  run_for(f, 10'000);
  const auto* c = with_messages(f);
  ASSERT_NE(c, nullptr);
  const auto a = f.api("GET", "/api/v2/conversations/messages/" + c->id);
  ASSERT_EQ(a.status, 200u) << a.body;
  const auto body = json::parse(a.body).as_object();
  EXPECT_EQ(body.at("id").as_string(), c->id);
  std::size_t entries = 0;
  for (const auto& p : body.at("participants").as_array()) {
    const auto* messages = p.as_object().if_contains("messages");
    if (!messages) continue;
    for (const auto& m : messages->as_array()) {
      ++entries;
      EXPECT_TRUE(m.as_object().contains("messageId")) << json::serialize(m);  // MessageDetails, not message{id}
      EXPECT_FALSE(m.as_object().contains("message"));
      EXPECT_TRUE(m.as_object().contains("messageTime"));
    }
  }
  const auto published = std::count_if(c->messages.begin(), c->messages.end(),
                                       [&](const sim_message& m) { return m.time <= f.sim.line().watermark(); });
  EXPECT_EQ(entries, std::size_t(published));
  EXPECT_EQ(f.sim.stats().message_conversations, 1u);
}

TEST(conversations_route, unknown_ids_and_other_methods_are_refused_and_the_token_is_checked) {
  sim_fixture f;
  run_for(f, 2'000);
  EXPECT_EQ(f.api("GET", "/api/v2/conversations/messages/no-such-id").status, 404u);
  EXPECT_EQ(json::parse(f.api("GET", "/api/v2/conversations/messages/no-such-id").body).at("code"), "not.found");
  EXPECT_EQ(f.api("GET", "/api/v2/conversations/messages/").status, 404u);
  const auto* c = with_messages(f);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(f.api("DELETE", "/api/v2/conversations/messages/" + c->id).status, 405u);
  EXPECT_EQ(f.call("GET", "/api/v2/conversations/messages/" + c->id).status, 401u);
  EXPECT_EQ(f.sim.stats().message_conversations, 0u);
}

TEST(conversations_route, counts_against_the_rate_limit) {
  sim_fixture f;
  run_for(f, 2'000);
  const auto* c = with_messages(f);
  ASSERT_NE(c, nullptr);
  const std::string target = "/api/v2/conversations/messages/" + c->id;
  for (int i = 0; i < 300; ++i) ASSERT_EQ(f.api("GET", target).status, 200u) << i;
  EXPECT_EQ(f.api("GET", target).status, 429u);
}

}  // namespace
}  // namespace wmpulse::sim::testing
