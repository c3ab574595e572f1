#pragma once
// A stable id for each normalized event, derived from what the source said (session, kind,
// timestamps, queue, direction), so that the same event published twice — by a restarted
// node's backfill, or by a second leader after a failover — has the same id and is dropped
// once by the event log. Two events of one batch with the same content get "#2", "#3", …
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "events/session_event.hpp"

namespace wmpulse::events {

std::string event_id(const session_event& e);
// The ids of a batch, in order, with the in-batch repeats numbered.
std::vector<std::string> event_ids(std::span<const session_event> batch);
// 64-bit FNV-1a of an id: what the embedded journal keeps to recognise a repeat.
std::uint64_t event_id_hash(std::string_view id);
// event_id_hash of each of event_ids(batch), without keeping the ids: in-batch repeats are
// numbered by their hash (equal ids have equal hashes; two different ids of one batch with the
// same 64-bit hash would be numbered as repeats, as the journal already treats them).
std::vector<std::uint64_t> event_id_hashes(std::span<const session_event> batch);

}  // namespace wmpulse::events
