#include "genesys/snapshot_differ.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <boost/json.hpp>

#include "core/iso8601.hpp"

namespace wmpulse::genesys {
namespace {

using events::direction;
using events::event_kind;
using events::session_event;

constexpr std::string_view queue = "6a1c0000-0000-4000-8000-00000000q001";

// §5.1 shapes: customer connected with one inbound message.
const char* const arrived = R"({"id":"conv-1","participants":[
  {"id":"p-cust","purpose":"customer","state":"connected","direction":"inbound","type":"webmessaging",
   "startTime":"2025-05-01T10:00:00.000Z","connectedTime":"2025-05-01T10:00:00.120Z",
   "messages":[{"message":{"id":"m1"},"messageTime":"2025-05-01T10:00:01.000Z","messageStatus":"received","messageSegmentCount":1}]},
  {"id":"p-acd","purpose":"acd","state":"connected","queue":{"id":"6a1c0000-0000-4000-8000-00000000q001"},
   "startTime":"2025-05-01T10:00:02.000Z","connectedTime":"2025-05-01T10:00:02.010Z"}]})";

// The agent answered and replied; acd left by transfer.
const char* const answered = R"({"id":"conv-1","participants":[
  {"id":"p-cust","purpose":"customer","state":"connected","direction":"inbound","type":"webmessaging",
   "startTime":"2025-05-01T10:00:00.000Z","connectedTime":"2025-05-01T10:00:00.120Z",
   "messages":[{"message":{"id":"m1"},"messageTime":"2025-05-01T10:00:01.000Z","messageStatus":"received"}]},
  {"id":"p-acd","purpose":"acd","state":"disconnected","queue":{"id":"6a1c0000-0000-4000-8000-00000000q001"},"disconnectType":"transfer",
   "startTime":"2025-05-01T10:00:02.000Z","connectedTime":"2025-05-01T10:00:02.010Z","endTime":"2025-05-01T10:00:09.000Z"},
  {"id":"p-agent","purpose":"agent","state":"connected","user":{"id":"u-1"},"queue":{"id":"6a1c0000-0000-4000-8000-00000000q001"},"type":"webmessaging",
   "connectedTime":"2025-05-01T10:00:09.050Z",
   "messages":[{"message":{"id":"m2"},"messageTime":"2025-05-01T10:00:20.000Z","messageStatus":"delivery-success"}]}]})";

// The customer left after one more message.
const char* const ended = R"({"id":"conv-1","participants":[
  {"id":"p-cust","purpose":"customer","state":"disconnected","direction":"inbound","type":"webmessaging","disconnectType":"client",
   "startTime":"2025-05-01T10:00:00.000Z","connectedTime":"2025-05-01T10:00:00.120Z","endTime":"2025-05-01T10:01:00.120Z",
   "messages":[{"message":{"id":"m1"},"messageTime":"2025-05-01T10:00:01.000Z","messageStatus":"received"},
               {"message":{"id":"m3"},"messageTime":"2025-05-01T10:00:30.000Z","messageStatus":"received"}]},
  {"id":"p-acd","purpose":"acd","state":"disconnected","queue":{"id":"6a1c0000-0000-4000-8000-00000000q001"},
   "startTime":"2025-05-01T10:00:02.000Z","connectedTime":"2025-05-01T10:00:02.010Z","endTime":"2025-05-01T10:00:09.000Z"},
  {"id":"p-agent","purpose":"agent","state":"disconnected","user":{"id":"u-1"},"queue":{"id":"6a1c0000-0000-4000-8000-00000000q001"},"type":"webmessaging",
   "connectedTime":"2025-05-01T10:00:09.050Z","endTime":"2025-05-01T10:01:00.200Z",
   "messages":[{"message":{"id":"m2"},"messageTime":"2025-05-01T10:00:20.000Z","messageStatus":"read"}]}]})";

core::millis at(const char* iso) { return *core::parse_iso8601_ms(iso); }

conversation_snapshot snap(const char* json, std::string_view topic_queue = queue) {
  auto r = parse_queue_conversation(boost::json::parse(json), topic_queue);
  EXPECT_TRUE(r) << (r ? "" : r.error().detail);
  return r.value();
}

struct differ_fixture : ::testing::Test {
  snapshot_differ differ{differ_settings{60'000, 3'600'000}};
  core::millis now = at("2025-05-01T10:00:00.000Z");
  // The session events (contact-centre spans apart: spans()).
  std::vector<session_event> feed(const char* json) { return only(json, false); }
  std::vector<session_event> spans(const char* json) { return only(json, true); }

private:
  std::vector<session_event> only(const char* json, bool contact) {
    std::vector<session_event> out;
    differ.apply(snap(json), now, out);
    std::erase_if(out, [&](const session_event& e) { return (e.kind >= event_kind::queued) != contact; });
    return out;
  }
};

void drop_spans(std::vector<session_event>& out) {
  std::erase_if(out, [](const session_event& e) { return e.kind >= event_kind::queued; });
}

session_event span(event_kind k, core::millis t, core::millis start, std::string q = std::string(queue)) {
  session_event e{k, "conv-1", t, std::move(q), direction::unknown};
  e.start_ms = start;
  return e;
}

TEST_F(differ_fixture, emits_connected_then_each_message_then_disconnected_once) {
  auto a = feed(arrived);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0], (session_event{event_kind::connected, "conv-1", at("2025-05-01T10:00:00.120Z"), std::string(queue), direction::unknown}));
  EXPECT_EQ(a[1], (session_event{event_kind::message, "conv-1", at("2025-05-01T10:00:01.000Z"), std::string(queue), direction::inbound}));
  auto b = feed(answered);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0], (session_event{event_kind::message, "conv-1", at("2025-05-01T10:00:20.000Z"), std::string(queue), direction::outbound}));
  auto c = feed(ended);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].kind, event_kind::message);
  EXPECT_EQ(c[0].dir, direction::inbound);
  EXPECT_EQ(c[0].time_ms, at("2025-05-01T10:00:30.000Z"));
  EXPECT_EQ(c[1], (session_event{event_kind::disconnected, "conv-1", at("2025-05-01T10:01:00.120Z"), std::string(queue), direction::unknown}));
}

// The comparison instant (docs/SOAK.md): the service's event clock is the newest time of the
// events it applied, and a session counts on a queue only from its routing (facts §5.1, §9.11).
// A session connected before its routing must therefore bring an event stamped at the routing,
// or the service would count, "as of" an earlier instant, a session that was in no queue then.
TEST_F(differ_fixture, a_session_routed_after_it_connected_brings_an_event_at_its_routing) {
  std::vector<session_event> out;
  differ.apply(snap(arrived), now, out);
  ASSERT_FALSE(out.empty());
  const auto newest = std::max_element(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.time_ms < b.time_ms; });
  EXPECT_EQ(newest->time_ms, at("2025-05-01T10:00:02.000Z"));  // the acd participant's start
  EXPECT_EQ(newest->queue_id, queue);
}

TEST_F(differ_fixture, queue_entry_answer_reply_and_agent_end_are_emitted_once_each) {
  EXPECT_EQ(spans(arrived), (std::vector{span(event_kind::queued, at("2025-05-01T10:00:02.000Z"), 0)}));
  auto reply = span(event_kind::responded, at("2025-05-01T10:00:20.000Z"), at("2025-05-01T10:00:01.000Z"));
  reply.first_response = true;
  EXPECT_EQ(spans(answered),
            (std::vector{span(event_kind::answered, at("2025-05-01T10:00:09.050Z"), at("2025-05-01T10:00:02.000Z")), reply}));
  // m3 has no reply yet: nothing for it.
  EXPECT_EQ(spans(ended),
            (std::vector{span(event_kind::agent_ended, at("2025-05-01T10:01:00.200Z"), at("2025-05-01T10:00:09.050Z"))}));
  EXPECT_TRUE(spans(ended).empty());
  EXPECT_TRUE(spans(answered).empty());
}

TEST_F(differ_fixture, a_queue_left_without_an_agent_is_an_abandon_unless_by_transfer) {
  std::string left = arrived;
  const std::string acd = R"("purpose":"acd","state":"connected",)";
  left.replace(left.find(acd), acd.size(), R"("purpose":"acd","state":"disconnected","endTime":"2025-05-01T10:00:07.000Z",)");
  std::string transferred = left;
  left.replace(left.find(R"("purpose":"acd")"), 15, R"("purpose":"acd","disconnectType":"peer")");
  transferred.replace(transferred.find(R"("purpose":"acd")"), 15, R"("purpose":"acd","disconnectType":"transfer.forward")");
  EXPECT_EQ(spans(left.c_str()), (std::vector{span(event_kind::queued, at("2025-05-01T10:00:02.000Z"), 0),
                                              span(event_kind::abandoned, at("2025-05-01T10:00:07.000Z"), at("2025-05-01T10:00:02.000Z"))}));
  snapshot_differ other{differ_settings{60'000, 3'600'000}};
  std::vector<session_event> out;
  other.apply(snap(transferred.c_str()), now, out);
  for (const auto& e : out) EXPECT_NE(e.kind, event_kind::abandoned);
}

TEST_F(differ_fixture, repeated_snapshots_add_nothing) {
  feed(arrived);
  EXPECT_TRUE(feed(arrived).empty());
  feed(ended);
  EXPECT_TRUE(feed(ended).empty());
  EXPECT_TRUE(feed(answered).empty());
}

TEST_F(differ_fixture, out_of_order_snapshots_never_go_back_in_time) {
  // The end arrives first: connected, all three messages in time order, disconnected.
  auto first = feed(ended);
  ASSERT_EQ(first.size(), 5u);
  EXPECT_EQ(first[0].kind, event_kind::connected);
  EXPECT_EQ(first[1].time_ms, at("2025-05-01T10:00:01.000Z"));
  EXPECT_EQ(first[2].time_ms, at("2025-05-01T10:00:20.000Z"));
  EXPECT_EQ(first[2].dir, direction::outbound);
  EXPECT_EQ(first[3].time_ms, at("2025-05-01T10:00:30.000Z"));
  EXPECT_EQ(first[4].kind, event_kind::disconnected);
  // The older snapshots arriving late reopen nothing and recount nothing.
  EXPECT_TRUE(feed(answered).empty());
  EXPECT_TRUE(feed(arrived).empty());
  EXPECT_EQ(differ.open(), 0u);
}

TEST_F(differ_fixture, other_messaging_types_are_ignored_and_counted_once) {
  std::string sms = arrived;
  sms.replace(sms.find("webmessaging"), 12, "sms");
  std::vector<session_event> out;
  differ.apply(snap(sms.c_str()), now, out);
  differ.apply(snap(sms.c_str()), now, out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(differ.counters().ignored_conversations, 1u);
  EXPECT_EQ(differ.counters().ignored_snapshots, 2u);
}

TEST_F(differ_fixture, agent_end_alone_does_not_end_the_session) {
  // §9.8: a requeue ends the agent, not the customer.
  std::string requeued = answered;
  const std::string agent_state = R"("purpose":"agent","state":"connected")";
  requeued.replace(requeued.find(agent_state), agent_state.size(), R"("purpose":"agent","state":"disconnected")");
  feed(arrived);
  auto out = feed(requeued.c_str());
  for (const auto& e : out) EXPECT_NE(e.kind, event_kind::disconnected);
  EXPECT_EQ(differ.open(), 1u);
}

TEST_F(differ_fixture, events_carry_the_queue_the_conversation_is_in_at_their_time) {
  // Transferred at 10:00:25 to q-other (a second acd); the customer's later message and the
  // end are in q-other, the earlier messages stay in the first queue.
  const char* transferred = R"({"id":"conv-1","participants":[
    {"id":"p-cust","purpose":"customer","state":"disconnected","type":"webmessaging",
     "startTime":"2025-05-01T10:00:00.000Z","connectedTime":"2025-05-01T10:00:00.120Z","endTime":"2025-05-01T10:01:00.120Z",
     "messages":[{"message":{"id":"m1"},"messageTime":"2025-05-01T10:00:01.000Z"},
                 {"message":{"id":"m3"},"messageTime":"2025-05-01T10:00:30.000Z"}]},
    {"id":"p-acd","purpose":"acd","state":"disconnected","queue":{"id":"q-first"},
     "startTime":"2025-05-01T10:00:02.000Z","endTime":"2025-05-01T10:00:09.000Z"},
    {"id":"p-acd2","purpose":"acd","state":"disconnected","queue":{"id":"q-other"},
     "startTime":"2025-05-01T10:00:25.000Z","endTime":"2025-05-01T10:00:26.000Z"}]})";
  auto out = feed(transferred);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].kind, event_kind::connected);
  EXPECT_EQ(out[0].queue_id, "q-first");  // connected before routing: its first queue
  EXPECT_EQ(out[1].queue_id, "q-first");
  EXPECT_EQ(out[2].queue_id, "q-other");
  EXPECT_EQ(out[3].kind, event_kind::disconnected);
  EXPECT_EQ(out[3].queue_id, "q-other");
}

TEST_F(differ_fixture, a_transfer_moves_the_open_session_without_waiting_for_a_message) {
  // The snapshot that shows the second acd (routed to q-other at 10:00:25) carries no later
  // message: the session is in q-other from then on, as the queue's topic shows.
  const char* requeued = R"({"id":"conv-1","participants":[
    {"id":"p-cust","purpose":"customer","state":"connected","type":"webmessaging",
     "startTime":"2025-05-01T10:00:00.000Z","connectedTime":"2025-05-01T10:00:00.120Z"},
    {"id":"p-acd","purpose":"acd","state":"disconnected","queue":{"id":"q-first"},
     "startTime":"2025-05-01T10:00:02.000Z","endTime":"2025-05-01T10:00:09.000Z"},
    {"id":"p-agent","purpose":"agent","state":"disconnected","queue":{"id":"q-first"},"type":"webmessaging",
     "startTime":"2025-05-01T10:00:09.000Z","connectedTime":"2025-05-01T10:00:10.000Z","endTime":"2025-05-01T10:00:24.800Z"},
    {"id":"p-acd2","purpose":"acd","state":"connected","queue":{"id":"q-other"},
     "startTime":"2025-05-01T10:00:25.000Z"}]})";
  auto out = feed(requeued);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], (session_event{event_kind::connected, "conv-1", at("2025-05-01T10:00:00.120Z"), "q-first", direction::unknown}));
  EXPECT_EQ(out[1], (session_event{event_kind::transferred, "conv-1", at("2025-05-01T10:00:25.000Z"), "q-other", direction::unknown}));
  EXPECT_TRUE(feed(requeued).empty());  // once
  const char* routed = R"({"id":"conv-1","participants":[
    {"id":"p-cust","purpose":"customer","state":"connected","type":"webmessaging",
     "startTime":"2025-05-01T10:00:00.000Z","connectedTime":"2025-05-01T10:00:00.120Z"},
    {"id":"p-acd","purpose":"acd","state":"connected","queue":{"id":"q-first"},"startTime":"2025-05-01T10:00:02.000Z"}]})";
  EXPECT_TRUE(feed(routed).empty());  // an older snapshot, arriving late, moves nothing back
}

TEST_F(differ_fixture, ended_conversations_are_forgotten_after_the_grace_and_never_recounted) {
  feed(ended);
  EXPECT_EQ(differ.tracked(), 1u);
  differ.sweep(now + 59'999);
  EXPECT_EQ(differ.tracked(), 1u);
  differ.sweep(now + 60'000);
  EXPECT_EQ(differ.tracked(), 0u);
  // A straggler after the grace: the tombstone keeps it from counting again.
  EXPECT_TRUE(feed(arrived).empty());
  EXPECT_EQ(differ.counters().stale_snapshots, 1u);
  // Once the tombstone horizon passes even the id is gone.
  differ.sweep(now + 60'000 + 3'600'000);
  EXPECT_EQ(differ.tracked(), 0u);
}

TEST_F(differ_fixture, analytics_rows_merge_with_live_snapshots) {
  feed(arrived);
  // The details query after a gap: the conversation ended while the stream was down.
  const char* row = R"({"conversationId":"conv-1","conversationStart":"2025-05-01T10:00:00.000Z",
    "conversationEnd":"2025-05-01T10:01:00.200Z","originatingDirection":"inbound",
    "participants":[
      {"participantId":"p-cust","purpose":"customer","sessions":[{"sessionId":"p-cust","mediaType":"message","messageType":"webmessaging",
        "segments":[{"segmentStart":"2025-05-01T10:00:00.120Z","segmentEnd":"2025-05-01T10:01:00.120Z","segmentType":"interact"}]}]},
      {"participantId":"p-acd","purpose":"acd","sessions":[{"sessionId":"p-acd","mediaType":"message","messageType":"webmessaging",
        "segments":[{"segmentStart":"2025-05-01T10:00:02.000Z","segmentEnd":"2025-05-01T10:00:09.000Z","queueId":"6a1c0000-0000-4000-8000-00000000q001"}]}]}]})";
  auto parsed = parse_analytics_conversation(boost::json::parse(row));
  ASSERT_TRUE(parsed);
  std::vector<session_event> out;
  differ.apply(parsed.value(), now, out);
  drop_spans(out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], (session_event{event_kind::disconnected, "conv-1", at("2025-05-01T10:01:00.120Z"), std::string(queue), direction::unknown}));
  // The live snapshot of the end, arriving late, adds only the message never seen.
  auto late = feed(ended);
  ASSERT_EQ(late.size(), 2u);
  EXPECT_EQ(late[0].kind, event_kind::message);
  EXPECT_EQ(late[1].kind, event_kind::message);
}

TEST_F(differ_fixture, analytics_row_of_an_unseen_open_conversation_connects_it) {
  const char* row = R"({"conversationId":"conv-9","conversationStart":"2025-05-01T09:00:00.000Z",
    "participants":[
      {"participantId":"c","purpose":"customer","sessions":[{"mediaType":"message","messageType":"webmessaging",
        "segments":[{"segmentStart":"2025-05-01T09:00:00.500Z","segmentType":"interact"}]}]},
      {"participantId":"a","purpose":"acd","sessions":[{"mediaType":"message","messageType":"webmessaging",
        "segments":[{"segmentStart":"2025-05-01T09:00:01.000Z","queueId":"q-7"}]}]}]})";
  auto parsed = parse_analytics_conversation(boost::json::parse(row));
  ASSERT_TRUE(parsed);
  std::vector<session_event> out;
  differ.apply(parsed.value(), now, out);
  drop_spans(out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], (session_event{event_kind::connected, "conv-9", at("2025-05-01T09:00:00.500Z"), "q-7", direction::unknown}));
  EXPECT_EQ(differ.open_started_before(at("2025-05-01T09:00:00.500Z")), std::vector<std::string>{});
  EXPECT_EQ(differ.open_started_before(at("2025-05-01T09:00:00.501Z")), std::vector<std::string>{"conv-9"});
}

// The details query has no queue scope; a queue topic never carries a conversation before it
// is routed there (facts §9.11). Rows count only in the live path's scope.
TEST_F(differ_fixture, details_rows_count_only_once_routed_to_a_followed_queue) {
  const std::string unrouted = R"({"conversationId":"conv-5","conversationStart":"2025-05-01T10:00:00.000Z",
    "participants":[
      {"participantId":"c","purpose":"customer","sessions":[{"mediaType":"message","messageType":"webmessaging",
        "segments":[{"segmentStart":"2025-05-01T10:00:00.100Z","segmentType":"interact"}]}]}]})";
  const std::string routed_to = R"({"conversationId":"conv-5","conversationStart":"2025-05-01T10:00:00.000Z",
    "participants":[
      {"participantId":"c","purpose":"customer","sessions":[{"mediaType":"message","messageType":"webmessaging",
        "segments":[{"segmentStart":"2025-05-01T10:00:00.100Z","segmentType":"interact"}]}]},
      {"participantId":"a","purpose":"acd","sessions":[{"mediaType":"message","messageType":"webmessaging",
        "segments":[{"segmentStart":"2025-05-01T10:00:02.000Z","queueId":"QUEUE"}]}]}]})";
  auto row = [](std::string json, std::string_view queue_id = {}) {
    if (auto at = json.find("QUEUE"); at != std::string::npos) json.replace(at, 5, queue_id);
    auto parsed = parse_analytics_conversation(boost::json::parse(json));
    EXPECT_TRUE(parsed);
    return parsed.value();
  };
  const std::set<std::string> followed{std::string(queue)};
  std::vector<session_event> out;
  differ.apply_found(row(unrouted), followed, now, out);
  differ.apply_found(row(routed_to, "q-not-followed"), followed, now, out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(differ.counters().found_out_of_scope, 2u);
  EXPECT_EQ(differ.open(), 0u);
  differ.apply_found(row(routed_to, queue), followed, now, out);
  drop_spans(out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], (session_event{event_kind::connected, "conv-5", at("2025-05-01T10:00:00.100Z"), std::string(queue), direction::unknown}));
}

TEST_F(differ_fixture, details_rows_of_a_followed_conversation_always_count) {
  feed(arrived);
  const char* row = R"({"conversationId":"conv-1","conversationStart":"2025-05-01T10:00:00.000Z",
    "conversationEnd":"2025-05-01T10:01:00.200Z","participants":[
      {"participantId":"p-cust","purpose":"customer","sessions":[{"mediaType":"message","messageType":"webmessaging",
        "segments":[{"segmentStart":"2025-05-01T10:00:00.120Z","segmentEnd":"2025-05-01T10:01:00.120Z","segmentType":"interact"}]}]}]})";
  auto parsed = parse_analytics_conversation(boost::json::parse(row));
  ASSERT_TRUE(parsed);
  std::vector<session_event> out;
  differ.apply_found(parsed.value(), {}, now, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, event_kind::disconnected);
  EXPECT_EQ(out[0].queue_id, queue);
}

TEST(conversation_snapshot, malformed_bodies_are_errors_not_crashes) {
  EXPECT_FALSE(parse_queue_conversation(boost::json::parse("[]"), "q"));
  EXPECT_FALSE(parse_queue_conversation(boost::json::parse(R"({"participants":[]})"), "q"));
  EXPECT_FALSE(parse_queue_conversation(boost::json::parse(R"({"id":"c"})"), "q"));
}

std::uint64_t skipped(const conversation_snapshot& s, skip_reason r) { return s.skipped[static_cast<std::size_t>(r)]; }

// Every model field is optional: an entry that cannot be read is skipped and counted by reason,
// and the rest of the snapshot (the customer's connect, the other messages) is kept.
TEST(conversation_snapshot, unreadable_entries_are_skipped_and_counted_the_rest_kept) {
  auto r = parse_queue_conversation(boost::json::parse(R"({"id":"c","participants":[
    {"id":"p-cust","purpose":"customer","type":"webmessaging","state":"connected","connectedTime":"yesterday",
     "startTime":"2025-05-01T10:00:00.000Z",
     "messages":[{"messageTime":"2025-05-01T10:00:00Z"},
                 {"message":{"id":"m-no-time"}},
                 {"message":{"id":"m-bad-time"},"messageTime":"soon"},
                 42,
                 {"message":{"id":"m-ok"},"messageTime":"2025-05-01T10:00:05Z"}]},
    "not a participant",
    {"id":"p-acd","purpose":"acd","queue":{"id":"q"},"startTime":"2025-05-01T10:00:01.000Z"}]})"),
                                    "q");
  ASSERT_TRUE(r) << r.error().detail;
  const auto& s = r.value();
  ASSERT_EQ(s.participants.size(), 2u);
  EXPECT_EQ(s.participants[0].purpose, "customer");
  EXPECT_FALSE(s.participants[0].connected_ms);  // unreadable: absent
  EXPECT_EQ(s.participants[0].start_ms, at("2025-05-01T10:00:00.000Z"));
  ASSERT_EQ(s.participants[0].messages.size(), 1u);
  EXPECT_EQ(s.participants[0].messages[0].id, "m-ok");
  EXPECT_EQ(skipped(s, skip_reason::message_without_id), 1u);
  EXPECT_EQ(skipped(s, skip_reason::message_without_time), 2u);
  EXPECT_EQ(skipped(s, skip_reason::message_not_object), 1u);
  EXPECT_EQ(skipped(s, skip_reason::participant_not_object), 1u);
  EXPECT_EQ(skipped(s, skip_reason::participant_bad_time), 1u);
}

TEST_F(differ_fixture, a_message_without_an_id_does_not_hide_the_conversation) {
  std::string odd = arrived;
  const std::string m1 = R"({"message":{"id":"m1"},)";
  odd.replace(odd.find(m1), m1.size(), R"({"message":{},"messageTime":"2025-05-01T10:00:00.500Z"},{"message":{"id":"m1"},)");
  auto a = feed(odd.c_str());
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].kind, event_kind::connected);
  EXPECT_EQ(a[1].kind, event_kind::message);
}

// messageMetadata.type (docs/METRICS.md "What counts as a message"): Text, Structured and
// Message count; Receipt, Event (Typing, Presence) and Unknown never do, however often repeated.
TEST_F(differ_fixture, receipts_and_events_are_not_messages) {
  std::string mixed = arrived;
  const std::string m1 = R"({"message":{"id":"m1"},)";
  mixed.replace(mixed.find(m1), m1.size(),
                R"({"message":{"id":"r1"},"messageTime":"2025-05-01T10:00:00.300Z","messageStatus":"read","messageMetadata":{"type":"Receipt"}},
                   {"message":{"id":"e1"},"messageTime":"2025-05-01T10:00:00.400Z","messageStatus":"received","messageMetadata":{"type":"Event","events":[{"eventType":"Typing"}]}},
                   {"message":{"id":"e2"},"messageTime":"2025-05-01T10:00:00.450Z","messageStatus":"received","messageMetadata":{"type":"Event","events":[{"eventType":"Presence","subType":"Join"}]}},
                   {"message":{"id":"u1"},"messageTime":"2025-05-01T10:00:00.470Z","messageMetadata":{"type":"Unknown"}},
                   {"message":{"id":"s1"},"messageTime":"2025-05-01T10:00:00.600Z","messageStatus":"received","messageMetadata":{"type":"Structured"}},
                   {"message":{"id":"t1"},"messageTime":"2025-05-01T10:00:00.700Z","messageStatus":"received","messageMetadata":{"type":"Text"}},
                   {"message":{"id":"m1"},)");
  auto a = feed(mixed.c_str());
  std::vector<core::millis> messages;
  for (const auto& e : a)
    if (e.kind == event_kind::message) messages.push_back(e.time_ms);
  EXPECT_EQ(messages, (std::vector{at("2025-05-01T10:00:00.600Z"), at("2025-05-01T10:00:00.700Z"), at("2025-05-01T10:00:01.000Z")}));
  EXPECT_EQ(differ.counters().non_message_entries, 4u);
  EXPECT_TRUE(feed(mixed.c_str()).empty());
  EXPECT_EQ(differ.counters().non_message_entries, 4u);
}

// The owning participant's purpose gives the direction; a bot's or a flow's messages are
// outbound; a messageStatus naming the other direction wins and is counted.
TEST_F(differ_fixture, direction_comes_from_the_purpose_cross_checked_with_the_status) {
  std::string bots = answered;
  const std::string agent = R"({"id":"p-agent",)";
  bots.replace(bots.find(agent), agent.size(),
               R"({"id":"p-bot","purpose":"workflow","state":"disconnected","type":"webmessaging",
                   "messages":[{"message":{"id":"b1"},"messageTime":"2025-05-01T10:00:01.500Z","messageStatus":"delivery-success"}]},
                  {"id":"p-agent",)");
  const std::string m2 = R"("messageStatus":"delivery-success"}]}]})";
  bots.replace(bots.rfind(m2), m2.size(),
               R"("messageStatus":"delivery-success"},{"message":{"id":"m4"},"messageTime":"2025-05-01T10:00:25.000Z","messageStatus":"received"}]}]})");
  std::vector<std::pair<core::millis, direction>> got;
  for (const auto& e : feed(bots.c_str()))
    if (e.kind == event_kind::message) got.emplace_back(e.time_ms, e.dir);
  EXPECT_EQ(got, (std::vector<std::pair<core::millis, direction>>{{at("2025-05-01T10:00:01.000Z"), direction::inbound},
                                                                  {at("2025-05-01T10:00:01.500Z"), direction::outbound},
                                                                  {at("2025-05-01T10:00:20.000Z"), direction::outbound},
                                                                  {at("2025-05-01T10:00:25.000Z"), direction::inbound}}));
  EXPECT_EQ(differ.counters().direction_disagreements, 1u);
}

TEST(conversation_snapshot, topic_names_map_to_queues) {
  EXPECT_EQ(queue_of_topic("v2.routing.queues.abc.conversations.messages"), "abc");
  EXPECT_EQ(queue_of_topic("v2.routing.queues.abc.conversations"), "");
  EXPECT_EQ(queue_of_topic("channel.metadata"), "");
  EXPECT_EQ(queue_topic("abc"), "v2.routing.queues.abc.conversations.messages");
}

// Found by fuzzing (tests/fuzz/genesys_fuzz.cpp): the prefix and suffix overlap in this name,
// and cutting both ran past the view (undefined behaviour, a huge "queue id").
TEST(conversation_snapshot, topic_without_a_queue_id_maps_to_no_queue) {
  EXPECT_TRUE(queue_of_topic("v2.routing.queues.conversations.messages").empty());
  EXPECT_TRUE(queue_of_topic("v2.routing.queues..conversations.messages").empty());
  EXPECT_EQ(queue_of_topic("v2.routing.queues.q.conversations.messages"), "q");
}

// Found by fuzzing: a metric value that is no count (negative, fractional) threw out of the
// parser and ended the backfill task; any JSON number form of a count is read.
TEST(conversation_snapshot, analytics_message_count_of_any_number_form) {
  auto row = [](const char* value) {
    return boost::json::parse(std::string(R"({"conversationId":"c","conversationStart":"2025-05-01T10:00:00Z",
      "participants":[{"purpose":"customer","sessions":[{"mediaType":"message","messageType":"webmessaging",
        "metrics":[{"name":"oMessageCount","value":)") + value + "}]}]}]}");
  };
  for (const char* not_a_count : {"-1", "2.5", "1e30", "\"3\""}) {
    snapshot_result r = core::failure{events::decode_error{}};
    EXPECT_NO_THROW(r = parse_analytics_conversation(row(not_a_count))) << not_a_count;
    ASSERT_TRUE(r) << not_a_count;
    EXPECT_FALSE(r.value().message_count) << not_a_count;
  }
  auto exact = parse_analytics_conversation(row("4.0"));
  ASSERT_TRUE(exact);
  EXPECT_EQ(exact.value().message_count, 4u);
}

}  // namespace
}  // namespace wmpulse::genesys
