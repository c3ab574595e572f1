// The binary form of a batch: every field survives a round trip, and truncated or garbled
// bytes are an error naming the problem, never a crash or a wrong batch.
#include "events/event_codec.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace wmpulse::events {
namespace {

std::vector<session_event> sample() {
  return {{event_kind::connected, "conv-1", 1'700'000'000'123, "queue-a", direction::unknown, 0, false},
          {event_kind::message, "conv-1", 1'700'000'000'456, {}, direction::inbound, 0, false},
          {event_kind::responded, "conv-1", 1'700'000'001'000, "queue-a", direction::outbound, 1'700'000'000'456, true},
          {event_kind::disconnected, "c", -5, {}, direction::unknown, -1, false}};
}

TEST(event_codec, a_batch_round_trips_field_for_field) {
  std::string bytes;
  encode_batch(sample(), bytes);
  auto back = decode_batch(bytes);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back.value(), sample());
}

TEST(event_codec, an_empty_batch_round_trips) {
  std::string bytes;
  encode_batch({}, bytes);
  auto back = decode_batch(bytes);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back.value().empty());
}

TEST(event_codec, every_truncation_is_an_error) {
  std::string bytes;
  encode_batch(sample(), bytes);
  for (std::size_t n = 0; n < bytes.size(); ++n) EXPECT_FALSE(decode_batch(std::string_view(bytes).substr(0, n))) << n;
}

TEST(event_codec, trailing_bytes_and_unknown_kinds_are_errors) {
  std::string bytes;
  encode_batch(sample(), bytes);
  auto trailing = decode_batch(bytes + "x");
  ASSERT_FALSE(trailing);
  EXPECT_NE(trailing.error().find("after the last event"), std::string::npos);
  bytes[1] = 42;  // the first event's kind
  auto unknown = decode_batch(bytes);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("unknown event kind 42"), std::string::npos);
}

TEST(event_codec, a_huge_count_is_refused_before_allocating) {
  auto r = decode_batch(std::string("\xff\xff\xff\xff\x0f", 5));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "bad event count");
}

}  // namespace
}  // namespace wmpulse::events
