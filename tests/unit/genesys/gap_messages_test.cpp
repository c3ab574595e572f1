// The messages a gap lost: which conversations a recovery fetches, the REST MessageConversation
// read as a snapshot, and what a fetch adds (new message ids only).
#include "genesys/gap_messages.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/iso8601.hpp"

namespace wmpulse::genesys {
namespace {

using events::event_kind;
using events::session_event;

const std::set<std::string> followed{"q1"};

core::millis at(const char* iso) { return *core::parse_iso8601_ms(iso); }

// A queue-topic snapshot (§5.1): customer connected, routed to q1, one message m1.
const char* const live = R"({"id":"c1","participants":[
  {"id":"p-cust","purpose":"customer","state":"connected","type":"webmessaging",
   "startTime":"2025-05-01T10:00:00.000Z","connectedTime":"2025-05-01T10:00:00.000Z",
   "messages":[{"message":{"id":"m1"},"messageTime":"2025-05-01T10:00:01.000Z","messageStatus":"received"}]},
  {"id":"p-acd","purpose":"acd","state":"connected","queue":{"id":"q1"},"startTime":"2025-05-01T10:00:02.000Z"}]})";

// GET /api/v2/conversations/messages/c1 later (§7.5, MessageDetails: `messageId`): m1 again, m2
// and m3 sent while no socket was open, and a read receipt.
const char* const fetched = R"({"id":"c1","participants":[
  {"id":"p-cust","purpose":"customer","state":"connected","type":"webmessaging",
   "startTime":"2025-05-01T10:00:00.000Z","connectedTime":"2025-05-01T10:00:00.000Z",
   "messages":[{"messageId":"m1","messageTime":"2025-05-01T10:00:01.000Z","messageStatus":"received"},
               {"messageId":"m3","messageTime":"2025-05-01T10:05:00.000Z","messageStatus":"received"}]},
  {"id":"p-acd","purpose":"acd","state":"connected","queue":{"id":"q1"},"startTime":"2025-05-01T10:00:02.000Z"},
  {"id":"p-agent","purpose":"agent","state":"connected","queue":{"id":"q1"},"type":"webmessaging",
   "startTime":"2025-05-01T10:00:03.000Z","connectedTime":"2025-05-01T10:00:03.000Z",
   "messages":[{"messageId":"m2","messageTime":"2025-05-01T10:04:00.000Z","messageStatus":"sent"},
               {"messageId":"r1","messageTime":"2025-05-01T10:04:01.000Z","messageStatus":"read",
                "messageMetadata":{"type":"Receipt"}}]}]})";

conversation_snapshot parsed(const char* json) {
  auto r = parse_queue_conversation(boost::json::parse(json), "");
  EXPECT_TRUE(r) << (r ? "" : r.error().detail);
  return r.value();
}

// A details row of `id` (§7.1 shape is not needed here: the rule reads id, end and count).
conversation_snapshot row(std::string id, std::optional<core::millis> end = {}, std::optional<std::uint64_t> count = {}) {
  conversation_snapshot r;
  r.id = std::move(id);
  r.conversation_end_ms = end;
  r.message_count = count;
  return r;
}

std::vector<session_event> messages_of(std::vector<session_event> events) {
  std::erase_if(events, [](const session_event& e) { return e.kind != event_kind::message; });
  return events;
}

TEST(gap_messages, the_rest_message_conversation_is_read_with_its_message_ids) {
  const auto s = parsed(fetched);
  ASSERT_EQ(s.participants.size(), 3u);
  ASSERT_EQ(s.participants[0].messages.size(), 2u);
  EXPECT_EQ(s.participants[0].messages[1].id, "m3");
  EXPECT_EQ(s.participants[2].messages[0].id, "m2");
  EXPECT_EQ(s.skipped[static_cast<std::size_t>(skip_reason::message_without_id)], 0u);
}

TEST(gap_messages, a_fetch_adds_only_the_messages_not_yet_counted) {
  snapshot_differ differ;
  std::vector<session_event> out;
  differ.apply(parsed(live), 0, out);
  ASSERT_EQ(messages_of(out).size(), 1u);
  EXPECT_EQ(differ.messages_counted("c1"), 1u);
  out.clear();
  differ.apply_fetched(parsed(fetched), followed, 0, out);
  const auto added = messages_of(out);
  ASSERT_EQ(added.size(), 2u);  // m2, m3; m1 known, the receipt is no message
  EXPECT_EQ(added[0].time_ms, at("2025-05-01T10:04:00.000Z"));
  EXPECT_EQ(added[0].dir, events::direction::outbound);
  EXPECT_EQ(added[1].time_ms, at("2025-05-01T10:05:00.000Z"));
  EXPECT_EQ(added[1].queue_id, "q1");
  EXPECT_EQ(differ.messages_counted("c1"), 3u);
  out.clear();
  differ.apply_fetched(parsed(fetched), followed, 0, out);
  EXPECT_TRUE(messages_of(out).empty());
}

TEST(gap_messages, what_a_fetch_recovers_of_an_ended_conversation_is_no_longer_unknown) {
  snapshot_differ differ;
  std::vector<session_event> out;
  differ.apply(parsed(live), 0, out);
  // The recovery's row: ended in the gap, 3 messages by analytics' count, 1 seen.
  auto ended = row("c1", at("2025-05-01T10:06:00.000Z"), 3);
  ended.participants = parsed(live).participants;
  ended.participants[0].end_ms = ended.conversation_end_ms;
  differ.apply_found(ended, followed, 0, out);
  EXPECT_EQ(differ.counters().messages_unknown, 2u);
  differ.apply_fetched(parsed(fetched), followed, 0, out);
  EXPECT_EQ(differ.counters().messages_unknown, 0u);
}

TEST(gap_messages, fetched_are_the_followed_conversations_open_across_the_gap_whose_count_is_not_complete) {
  snapshot_differ differ;
  std::vector<session_event> out;
  differ.apply(parsed(live), 0, out);  // c1: followed, one message counted
  std::string other = live;
  other.replace(other.find("\"c1\""), 4, "\"c2\"");
  differ.apply(parsed(other.c_str()), 0, out);  // c2 likewise
  const core::millis gap = at("2025-05-01T10:03:00.000Z");
  // Open (no count): fetched. Unknown to the differ (out of scope): not.
  using fetches = std::vector<gap_fetch>;
  EXPECT_EQ(conversations_to_fetch({row("c1"), row("nobody")}, differ, gap), (fetches{{"c1", 1}}));
  // Ended before the gap: nothing of it was lost.
  EXPECT_TRUE(conversations_to_fetch({row("c1", gap - 1)}, differ, gap).empty());
  // Ended in the gap: fetched unless its count shows every message was counted.
  EXPECT_EQ(conversations_to_fetch({row("c1", gap + 1, 2), row("c2", gap + 1, 1)}, differ, gap),
            (fetches{{"c1", 1}}));
  // Each once, in the rows' order.
  EXPECT_EQ(conversations_to_fetch({row("c2"), row("c1"), row("c2")}, differ, gap), (fetches{{"c2", 1}, {"c1", 1}}));
}

TEST(gap_messages, a_live_snapshot_after_the_choice_makes_the_fetch_needless) {
  snapshot_differ differ;
  std::vector<session_event> out;
  differ.apply(parsed(live), 0, out);
  const auto chosen = conversations_to_fetch({row("c1")}, differ, at("2025-05-01T10:03:00.000Z"));
  ASSERT_EQ(chosen.size(), 1u);
  EXPECT_TRUE(still_needed(chosen[0], differ));
  differ.apply_found(row("c1"), followed, 0, out);  // a details row carries no messages[]: still needed
  EXPECT_TRUE(still_needed(chosen[0], differ));
  differ.apply(parsed(live), 0, out);  // a live snapshot: its messages[] is the whole list
  EXPECT_FALSE(still_needed(chosen[0], differ));
}

}  // namespace
}  // namespace wmpulse::genesys
