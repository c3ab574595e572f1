#include "genesys/notification_decoder.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/iso8601.hpp"

namespace wmpulse::genesys {
namespace {

using events::decode_reason;

constexpr std::string_view queue = "6a1c0000-0000-4000-8000-00000000q001";
const std::string topic = "v2.routing.queues." + std::string(queue) + ".conversations.messages";

// facts §5.1: the customer, the acd leg that transferred, the agent who answered.
const std::string conversation_body = R"({"id":"c0ffee00-0000-4000-8000-0000000conv","participants":[
  {"id":"p-cust","purpose":"customer","state":"connected","direction":"inbound","type":"webmessaging",
   "startTime":"2025-05-01T10:00:00.000Z","connectedTime":"2025-05-01T10:00:00.120Z",
   "messages":[{"message":{"id":"m1"},"messageTime":"2025-05-01T10:00:01.000Z","messageStatus":"received","messageSegmentCount":1}]},
  {"id":"p-acd","purpose":"acd","state":"disconnected","queue":{"id":"6a1c0000-0000-4000-8000-00000000q001"},"disconnectType":"transfer",
   "startTime":"2025-05-01T10:00:02.000Z","connectedTime":"2025-05-01T10:00:02.010Z","endTime":"2025-05-01T10:00:09.000Z"},
  {"id":"p-agent","purpose":"agent","state":"connected","user":{"id":"u-1"},"queue":{"id":"6a1c0000-0000-4000-8000-00000000q001"},"type":"webmessaging",
   "connectedTime":"2025-05-01T10:00:09.050Z",
   "messages":[{"message":{"id":"m2"},"messageTime":"2025-05-01T10:00:20.000Z","messageStatus":"delivery-success"}]}]})";

std::string event_on(std::string_view topic_name, std::string_view body) {
  return R"({"topicName":")" + std::string(topic_name) + R"(","version":"2","eventBody":)" + std::string(body) +
         R"(,"metadata":{"CorrelationId":"8d0b1c52-6f0e-4c3a-9d4e-1f2a3b4c5d6e"}})";
}

template <class T>
T decoded_as(std::string_view frame) {
  auto r = decode_notification(frame);
  EXPECT_TRUE(r) << (r ? "" : r.error().detail);
  if (!r) return T{};
  EXPECT_TRUE(std::holds_alternative<T>(r.value())) << "variant index " << r.value().index();
  if (!std::holds_alternative<T>(r.value())) return T{};
  return std::get<T>(std::move(r).value());
}

events::decode_error rejected(std::string_view frame) {
  auto r = decode_notification(frame);
  EXPECT_FALSE(r);
  if (r) return {};
  EXPECT_FALSE(r.error().detail.empty());
  return r.error();
}

// --- what a frame can be ---------------------------------------------------------------------

TEST(notification_decoder, heartbeat_is_channel_metadata) {
  auto m = decoded_as<channel_metadata>(R"({"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}})");
  EXPECT_EQ(m.message, "WebSocket Heartbeat");
  EXPECT_TRUE(m.heartbeat());
}

TEST(notification_decoder, pong_is_channel_metadata_but_no_heartbeat) {
  auto m = decoded_as<channel_metadata>(R"({"topicName":"channel.metadata","eventBody":{"message":"pong"}})");
  EXPECT_EQ(m.message, "pong");
  EXPECT_FALSE(m.heartbeat());
}

TEST(notification_decoder, channel_metadata_without_a_body_has_no_message) {
  EXPECT_EQ(decoded_as<channel_metadata>(R"({"topicName":"channel.metadata"})").message, "");
}

TEST(notification_decoder, socket_closing) {
  decoded_as<socket_closing>(event_on(
      "v2.system.socket_closing",
      R"({"channelId":"streaming-0-fmtdmf8cdis7jh14udg5p89t6z","systemTopicType":"socket_closing","message":"maintenance","reason":"maintenance"})"));
}

TEST(notification_decoder, result_404_is_channel_not_found) {
  decoded_as<channel_not_found>(R"({"result":"404","message":"Channel streaming-0-fmtdmf8cdis7jh14udg5p89t6z not found"})");
}

TEST(notification_decoder, result_404_as_a_number_is_channel_not_found) {
  decoded_as<channel_not_found>(R"({"result":404,"message":"not found"})");
}

TEST(notification_decoder, subscribe_reply_is_a_channel_reply) {
  auto m = decoded_as<channel_reply>(R"({"correlationId":"abc","topics":[],"result":"200","status":"subscribed"})");
  EXPECT_EQ(m.result, "200");
}

TEST(notification_decoder, error_reply_is_a_channel_reply_not_a_channel_loss) {
  auto m = decoded_as<channel_reply>(
      R"({"correlationId":"abc","topics":[],"result":"400","status":"error","message":"Required data missing from subscribe request."})");
  EXPECT_EQ(m.result, "400");
}

TEST(notification_decoder, empty_topic_name_is_read_as_no_topic) {
  EXPECT_EQ(decoded_as<channel_reply>(R"({"topicName":"","eventBody":{}})").result, "");
}

TEST(notification_decoder, no_longer_subscribed_drops_the_channel_keeping_the_token) {
  auto m = decoded_as<channel_dropped>(event_on("v2.system.no_longer_subscribed.streaming-0-fmtdmf8cdis7jh14udg5p89t6z",
                                                R"({"systemTopicType":"no_longer_subscribed","message":"…"})"));
  EXPECT_EQ(m.system_topic, "v2.system.no_longer_subscribed");
  EXPECT_FALSE(m.token_revoked);
}

TEST(notification_decoder, token_revoked_drops_the_channel_and_the_token) {
  auto m = decoded_as<channel_dropped>(
      event_on("v2.system.token_revoked.0b4c3a2e-1d2f-4e5a-8b7c-6d5e4f3a2b1c", R"({"systemTopicType":"token_revoked"})"));
  EXPECT_EQ(m.system_topic, "v2.system.token_revoked");
  EXPECT_TRUE(m.token_revoked);
}

TEST(notification_decoder, queue_conversation_event_carries_its_snapshot) {
  auto m = decoded_as<queue_conversation>(event_on(topic, conversation_body));
  const conversation_snapshot& s = m.snapshot;
  EXPECT_EQ(s.id, "c0ffee00-0000-4000-8000-0000000conv");
  EXPECT_EQ(s.topic_queue_id, queue);
  ASSERT_EQ(s.participants.size(), 3u);
  EXPECT_EQ(s.participants[0].purpose, "customer");
  EXPECT_EQ(s.participants[0].media_type, "webmessaging");
  EXPECT_EQ(s.participants[0].connected_ms, core::parse_iso8601_ms("2025-05-01T10:00:00.120Z"));
  ASSERT_EQ(s.participants[0].messages.size(), 1u);
  EXPECT_EQ(s.participants[0].messages[0].id, "m1");
  EXPECT_EQ(s.participants[1].queue_id, queue);
  EXPECT_EQ(s.participants[2].messages[0].id, "m2");
}

TEST(notification_decoder, topic_we_do_not_follow_is_other_topic) {
  const std::string other = "v2.users.0b4c3a2e-1d2f-4e5a-8b7c-6d5e4f3a2b1c.conversations.messages";
  EXPECT_EQ(decoded_as<other_topic>(event_on(other, conversation_body)).topic, other);
}

TEST(notification_decoder, queue_topic_without_an_event_body_is_other_topic) {
  EXPECT_EQ(decoded_as<other_topic>(R"({"topicName":")" + topic + R"(","version":"2"})").topic, topic);
}

TEST(notification_decoder, queue_topic_without_a_queue_id_is_other_topic) {
  decoded_as<other_topic>(event_on("v2.routing.queues.conversations.messages", conversation_body));
}

// --- rejects ---------------------------------------------------------------------------------

TEST(notification_decoder, rejects_a_frame_that_is_not_json) {
  EXPECT_EQ(rejected(R"({"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heart)").reason,
            decode_reason::malformed_json);
}

TEST(notification_decoder, rejects_json_that_is_not_an_object) {
  EXPECT_EQ(rejected(R"(["channel.metadata"])").reason, decode_reason::malformed_json);
}

TEST(notification_decoder, rejects_an_event_body_that_is_not_an_object) {
  auto e = rejected(event_on(topic, R"("c0ffee00")"));
  EXPECT_EQ(e.reason, decode_reason::missing_field);
  EXPECT_EQ(e.detail, "eventBody is not an object");
}

TEST(notification_decoder, rejects_a_conversation_without_an_id) {
  auto e = rejected(event_on(topic, R"({"participants":[]})"));
  EXPECT_EQ(e.reason, decode_reason::missing_field);
  EXPECT_EQ(e.detail, "eventBody.id");
}

TEST(notification_decoder, rejects_a_conversation_without_participants) {
  auto e = rejected(event_on(topic, R"({"id":"c0ffee00-0000-4000-8000-0000000conv","name":"web chat"})"));
  EXPECT_EQ(e.reason, decode_reason::missing_field);
  EXPECT_EQ(e.detail, "eventBody.participants");
}

// One odd entry does not cost the conversation (issue 16): it is skipped and counted.
std::uint64_t skipped_for(const queue_conversation& q, skip_reason r) { return q.snapshot.skipped[static_cast<std::size_t>(r)]; }

TEST(notification_decoder, a_message_without_an_id_is_skipped_not_the_snapshot) {
  auto q = decoded_as<queue_conversation>(event_on(topic, R"({"id":"c1","participants":[{"id":"p-cust","purpose":"customer",
      "messages":[{"messageTime":"2025-05-01T10:00:01.000Z","messageStatus":"received"}]}]})"));
  ASSERT_EQ(q.snapshot.participants.size(), 1u);
  EXPECT_TRUE(q.snapshot.participants[0].messages.empty());
  EXPECT_EQ(skipped_for(q, skip_reason::message_without_id), 1u);
}

TEST(notification_decoder, a_participant_time_that_is_not_iso8601_is_read_as_absent) {
  auto q = decoded_as<queue_conversation>(event_on(topic, R"({"id":"c1","participants":[{"id":"p-cust","purpose":"customer",
      "startTime":"yesterday","connectedTime":"2025-05-01T10:00:00.120Z"}]})"));
  ASSERT_EQ(q.snapshot.participants.size(), 1u);
  EXPECT_FALSE(q.snapshot.participants[0].start_ms);
  EXPECT_TRUE(q.snapshot.participants[0].connected_ms);
  EXPECT_EQ(skipped_for(q, skip_reason::participant_bad_time), 1u);
}

TEST(notification_decoder, a_message_time_that_is_not_iso8601_is_skipped) {
  auto q = decoded_as<queue_conversation>(event_on(topic, R"({"id":"c1","participants":[{"id":"p-cust","purpose":"customer",
      "messages":[{"message":{"id":"m1"},"messageTime":1746093601000}]}]})"));
  EXPECT_TRUE(q.snapshot.participants.at(0).messages.empty());
  EXPECT_EQ(skipped_for(q, skip_reason::message_without_time), 1u);
}

}  // namespace
}  // namespace wmpulse::genesys
