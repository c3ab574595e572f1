#include "events/tutorial_decoder.hpp"

#include <gtest/gtest.h>

using namespace wmpulse::events;

namespace {
decode_reason reason_of(tutorial_decoder& d, std::string_view frame) {
  auto r = d.decode(frame);
  EXPECT_FALSE(r.ok()) << frame;
  return r.ok() ? decode_reason::too_large : r.error().reason;
}
}  // namespace

TEST(tutorial_decoder, decodes_each_event_type) {
  tutorial_decoder d;
  auto r = d.decode(R"({"eventType":"webchat:connected","timestamp":"2026-11-28T02:18:16.342Z","data":{"sessionId":"s1"}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().kind, event_kind::connected);
  EXPECT_EQ(r.value().session_id, "s1");
  EXPECT_EQ(r.value().time_ms, 1795832296342LL);
  EXPECT_EQ(r.value().dir, direction::unknown);

  r = d.decode(R"({"eventType":"webchat:disconnected","timestamp":"2026-11-28T02:18:17Z","data":{"sessionId":"s1"}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().kind, event_kind::disconnected);
  r = d.decode(R"({"data":{"sessionId":"s2"},"eventType":"webchat:message","timestamp":"2026-11-28T02:18:17Z"})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().kind, event_kind::message);
}

TEST(tutorial_decoder, falls_back_to_data_id) {
  tutorial_decoder d;
  auto r = d.decode(R"({"eventType":"webchat:message","timestamp":"2026-11-28T02:18:17Z","data":{"id":"legacy"}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().session_id, "legacy");
}

TEST(tutorial_decoder, rejects_each_kind_of_bad_frame) {
  tutorial_decoder d(256);
  EXPECT_EQ(reason_of(d, std::string(300, ' ')), decode_reason::too_large);
  EXPECT_EQ(reason_of(d, "{not json"), decode_reason::malformed_json);
  EXPECT_EQ(reason_of(d, ""), decode_reason::malformed_json);
  EXPECT_EQ(reason_of(d, "[1,2]"), decode_reason::malformed_json);
  EXPECT_EQ(reason_of(d, R"({"timestamp":"2026-11-28T02:18:17Z","data":{"sessionId":"a"}})"), decode_reason::missing_field);
  EXPECT_EQ(reason_of(d, R"({"eventType":7,"timestamp":"2026-11-28T02:18:17Z","data":{"sessionId":"a"}})"), decode_reason::missing_field);
  EXPECT_EQ(reason_of(d, R"({"eventType":"webchat:typing","timestamp":"2026-11-28T02:18:17Z","data":{"sessionId":"a"}})"), decode_reason::unknown_event_type);
  EXPECT_EQ(reason_of(d, R"({"eventType":"webchat:message","data":{"sessionId":"a"}})"), decode_reason::missing_field);
  EXPECT_EQ(reason_of(d, R"({"eventType":"webchat:message","timestamp":"yesterday","data":{"sessionId":"a"}})"), decode_reason::bad_timestamp);
  EXPECT_EQ(reason_of(d, R"({"eventType":"webchat:message","timestamp":"2026-11-28T02:18:17Z"})"), decode_reason::missing_field);
  EXPECT_EQ(reason_of(d, R"({"eventType":"webchat:message","timestamp":"2026-11-28T02:18:17Z","data":{"sessionId":""}})"), decode_reason::missing_field);
}

TEST(tutorial_decoder, recovers_after_a_bad_frame) {
  tutorial_decoder d;
  EXPECT_FALSE(d.decode("{\"eventType\":").ok());
  EXPECT_TRUE(d.decode(R"({"eventType":"webchat:connected","timestamp":"2026-11-28T02:18:17Z","data":{"sessionId":"x"}})").ok());
}

// In place: the frame lies in a larger buffer (the read buffer) whose bytes past its end are
// readable; they are not part of the frame, and the answers are decode()'s.
TEST(tutorial_decoder, decodes_in_place_with_the_same_answers_and_reads_nothing_past_the_frame) {
  const std::string good = R"({"eventType":"webchat:message","timestamp":"2026-11-28T02:18:17Z","data":{"sessionId":"s9"}})";
  const std::string cut = R"({"eventType":"webchat:message","timestamp":"2026-11-28T02:18:17Z","data":{"sessionId":"s9"})";
  for (const std::string& frame : {good, cut, std::string("[1,2]"), std::string("{oops")}) {
    std::string buffer = frame + "}} trailing bytes that belong to the next frame";
    buffer.append(tutorial_decoder::padding, ' ');
    tutorial_decoder copied, in_place;
    auto a = copied.decode(frame);
    auto b = in_place.decode_in_place(std::string_view(buffer.data(), frame.size()));
    ASSERT_EQ(a.ok(), b.ok()) << frame;
    if (a.ok()) EXPECT_EQ(a.value(), b.value());
    else EXPECT_EQ(a.error().reason, b.error().reason) << frame;
  }
  tutorial_decoder d;
  std::string buffer = good;
  buffer.append(tutorial_decoder::padding, '\0');
  auto r = d.decode_in_place(std::string_view(buffer.data(), good.size()));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().session_id, "s9");
}
