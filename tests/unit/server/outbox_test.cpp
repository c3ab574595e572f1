#include "server/outbox.hpp"

#include <gtest/gtest.h>

namespace wmpulse::server {
namespace {

std::shared_ptr<const std::string> payload(std::string s) { return std::make_shared<const std::string>(std::move(s)); }

std::string text_of(const outgoing_frame& f) { return f.payload ? *f.prefix + *f.payload + "}" : f.text; }

TEST(outbox, control_frames_go_first_in_order) {
  outbox box({});
  box.offer_next("s", payload("{}"));
  ASSERT_TRUE(box.push_control("a"));
  ASSERT_TRUE(box.push_control("b"));
  EXPECT_EQ(box.pop(0)->text, "a");
  box.write_done();
  EXPECT_EQ(box.pop(0)->text, "b");
  box.write_done();
  EXPECT_EQ(text_of(*box.pop(0)), R"({"id":"s","type":"next","payload":{}})");
  box.write_done();
  EXPECT_FALSE(box.pop(0));
}

TEST(outbox, a_slow_reader_gets_the_latest_value_only) {
  outbox box({});
  ASSERT_TRUE(box.push_control("ack"));
  auto in_flight = box.pop(0);  // the socket is busy writing this
  for (int i = 0; i < 10'000; ++i) box.offer_next("s", payload(R"({"data":{"v":)" + std::to_string(i) + "}}"));
  EXPECT_EQ(box.superseded(), 9'999u);
  EXPECT_LE(box.pending_bytes(), 32u) << "one pending value, not ten thousand";
  box.write_done();
  EXPECT_EQ(*box.pop(1)->payload, R"({"data":{"v":9999}})");
  box.write_done();
  EXPECT_FALSE(box.pop(1));
}

TEST(outbox, each_subscription_has_its_own_slot) {
  outbox box({});
  box.offer_next("a", payload("1"));
  box.offer_next("b", payload("2"));
  box.offer_next("a", payload("3"));
  EXPECT_EQ(text_of(*box.pop(0)), R"({"id":"a","type":"next","payload":3})");
  box.write_done();
  EXPECT_EQ(text_of(*box.pop(0)), R"({"id":"b","type":"next","payload":2})");
}

TEST(outbox, forgotten_subscription_is_never_written) {
  outbox box({});
  box.offer_next("a", payload("1"));
  box.forget("a");
  EXPECT_EQ(box.pending_bytes(), 0u);
  EXPECT_FALSE(box.pop(0));
}

TEST(outbox, a_subscriptions_prefix_is_built_once_and_kept_until_it_ends) {
  outbox box({});
  box.offer_next("s", payload("1"));
  auto first = box.pop(0);
  box.write_done();
  box.offer_next("s", payload("2"));
  auto second = box.pop(0);
  box.write_done();
  EXPECT_EQ(second->prefix, first->prefix) << "the same prefix, not one built per frame";
  EXPECT_EQ(text_of(*second), R"({"id":"s","type":"next","payload":2})");
  box.forget("s");
  box.offer_next("s", payload("3"));  // the id reused by a new subscription
  auto third = box.pop(0);
  ASSERT_TRUE(third);
  EXPECT_EQ(text_of(*third), R"({"id":"s","type":"next","payload":3})");
  box.write_done();
  EXPECT_FALSE(box.pop(0));
  EXPECT_EQ(box.pending_bytes(), 0u);
}

TEST(outbox, an_id_forgotten_and_reused_while_queued_is_written_once) {
  outbox box({});
  box.offer_next("a", payload("1"));
  box.forget("a");
  box.offer_next("a", payload("2"));
  EXPECT_EQ(text_of(*box.pop(0)), R"({"id":"a","type":"next","payload":2})");
  box.write_done();
  EXPECT_FALSE(box.pop(0));
}

TEST(outbox, control_bytes_are_bounded) {
  outbox box({.max_control_bytes = 100, .write_timeout_ms = 1000});
  int accepted = 0;
  while (box.push_control(std::string(30, 'x'))) ++accepted;
  EXPECT_EQ(accepted, 3);
  EXPECT_LE(box.pending_bytes(), 100u);
}

TEST(outbox, a_write_pending_past_the_timeout_is_stuck) {
  outbox box({.max_control_bytes = 100, .write_timeout_ms = 1000});
  ASSERT_TRUE(box.push_control("x"));
  box.pop(5000);
  EXPECT_FALSE(box.stuck(6000));
  EXPECT_TRUE(box.stuck(6001));
  box.write_done();
  EXPECT_FALSE(box.stuck(100'000));
}

TEST(outbox, ids_are_json_escaped) {
  EXPECT_EQ(next_prefix("a\"b"), R"({"id":"a\"b","type":"next","payload":)");
}

}  // namespace
}  // namespace wmpulse::server
