#pragma once
// Which conversations a gap recovery fetches the messages of (pure: no I/O, no clock).
// The details rows carry no message ids (facts §7.1), so the messages a gap lost come back only
// with a conversation's next snapshot — never, for one that ended in the gap or makes no further
// change. After a gap, the connector therefore reads GET /api/v2/conversations/messages/{id}
// (facts §7.5) for every followed conversation the recovery found open across the gap, unless
// its row's message count (oMessageCount) shows nothing is missing (docs/GENESYS.md).
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "genesys/conversation_snapshot.hpp"
#include "genesys/snapshot_differ.hpp"

namespace wmpulse::genesys {

// One conversation to fetch, with its live snapshots when chosen: a live snapshot after that
// carried its messages[] (every message so far), and the fetch is no longer needed.
struct gap_fetch {
  std::string id;
  std::uint64_t live_snapshots = 0;
  friend bool operator==(const gap_fetch&, const gap_fetch&) = default;
};

// The conversations to fetch, each once, in the rows' order. `rows`: what the recovery read (by interval
// and by id), already applied to `differ`; `gap_start`: when delivery stopped (event time).
// A row counts when the differ follows the conversation (web messaging, connected, routed to a
// followed queue), it had not ended before the gap, and its message count, when reported, is
// above the messages counted.
std::vector<gap_fetch> conversations_to_fetch(const std::vector<conversation_snapshot>& rows, const snapshot_differ& differ,
                                             core::millis gap_start);

// False once a live snapshot of it arrived since it was chosen (or the differ forgot it).
bool still_needed(const gap_fetch& f, const snapshot_differ& differ);

}  // namespace wmpulse::genesys
