// Event ids come from what the source said: the same event gets the same id whoever
// publishes it, different events differ, and repeats inside one batch are numbered.
#include "events/event_id.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

namespace wmpulse::events {
namespace {

session_event message(std::string session, core::millis t, direction d = direction::inbound) {
  return {event_kind::message, std::move(session), t, "q", d, 0, false};
}

TEST(event_id, the_same_event_has_the_same_id_and_any_field_changes_it) {
  const auto base = message("conv-1", 1000);
  EXPECT_EQ(event_id(base), event_id(message("conv-1", 1000)));
  EXPECT_EQ(event_id(base), "conv-1/message/1000/0/inbound/q");
  auto other = base;
  for (auto change : std::vector<std::function<void(session_event&)>>{
           [](auto& e) { e.session_id = "conv-2"; }, [](auto& e) { e.time_ms = 1001; },
           [](auto& e) { e.kind = event_kind::connected; }, [](auto& e) { e.dir = direction::outbound; },
           [](auto& e) { e.queue_id = "r"; }, [](auto& e) { e.start_ms = 5; },
           [](auto& e) { e.first_response = true; }}) {
    other = base;
    change(other);
    EXPECT_NE(event_id(other), event_id(base));
  }
}

TEST(event_id, repeats_within_a_batch_are_numbered) {
  const std::vector<session_event> batch{message("a", 1), message("a", 1), message("b", 1), message("a", 1)};
  const auto ids = event_ids(batch);
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_EQ(ids[0], event_id(batch[0]));
  EXPECT_EQ(ids[1], ids[0] + "#2");
  EXPECT_EQ(ids[2], event_id(batch[2]));
  EXPECT_EQ(ids[3], ids[0] + "#3");
}

// The journal keeps only hashes: they must be those of the ids a publisher would send.
TEST(event_id, the_hashes_of_a_batch_are_those_of_its_ids_repeats_included) {
  std::vector<session_event> batch{message("a", 1), message("a", 1), message("b", 1), message("a", 1)};
  batch.push_back(session_event{event_kind::responded, "c", 9, "", direction::outbound, 4, true});
  const auto ids = event_ids(batch);
  const auto hashes = event_id_hashes(batch);
  ASSERT_EQ(hashes.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(hashes[i], event_id_hash(ids[i])) << ids[i];
  EXPECT_NE(hashes[0], hashes[1]);
}

TEST(event_id, the_hash_is_fnv1a) {
  EXPECT_EQ(event_id_hash(""), 14695981039346656037ull);
  EXPECT_EQ(event_id_hash("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_NE(event_id_hash("conv-1/message/1000/0/inbound/q"), event_id_hash("conv-1/message/1001/0/inbound/q"));
}

}  // namespace
}  // namespace wmpulse::events
