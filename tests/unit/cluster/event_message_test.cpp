#include "cluster/event_message.hpp"

#include <gtest/gtest.h>

namespace wmpulse::cluster {
namespace {

events::session_event sample() {
  events::session_event e;
  e.kind = events::event_kind::message;
  e.session_id = "conv-1";
  e.time_ms = 1'795'000'000'123;
  e.queue_id = "q1";
  return e;
}

TEST(event_message, round_trips_the_event_and_its_arrival) {
  std::string body;
  encode_event_message(sample(), 1'795'000'000'456, body);
  auto r = decode_event_message("id-1", body);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().id, "id-1");
  EXPECT_EQ(r.value().arrived_ms, 1'795'000'000'456);
  ASSERT_EQ(r.value().events.size(), 1u);
  EXPECT_EQ(r.value().events[0], sample());
}

TEST(event_message, a_short_garbled_or_unnamed_message_is_an_error) {
  std::string body;
  encode_event_message(sample(), 1, body);
  EXPECT_FALSE(decode_event_message("", body).ok());
  auto short_one = decode_event_message("x", body.substr(0, 5));
  ASSERT_FALSE(short_one.ok());
  EXPECT_NE(short_one.error().find("8"), std::string::npos) << short_one.error();
  EXPECT_FALSE(decode_event_message("x", body.substr(0, body.size() - 2)).ok());
}

}  // namespace
}  // namespace wmpulse::cluster
