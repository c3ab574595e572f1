#pragma once
// The contact-centre spans of a conversation snapshot (docs/METRICS.md "Queue figures"):
// queue entries and abandons from the `acd` participants, answers and agent parts from the
// `agent` participants, and replies from the customer's and the agents' messages.
#include <cstdint>
#include <limits>
#include <vector>

#include "core/clock.hpp"
#include "events/session_event.hpp"
#include "genesys/conversation_snapshot.hpp"

namespace wmpulse::genesys {

// The latest span of each kind already emitted for one conversation, by its key (a queue
// entry's time, else the span's start), so that a repeated snapshot emits nothing again.
struct contact_seen {
  static constexpr core::millis none = std::numeric_limits<core::millis>::min();
  core::millis queued = none, answered = none, abandoned = none, agent_ended = none, responded = none;
};

// Appends the spans of `s` not yet in `seen`, oldest first within each kind.
void emit_contact_spans(const conversation_snapshot& s, contact_seen& seen, std::vector<events::session_event>& out);

}  // namespace wmpulse::genesys
