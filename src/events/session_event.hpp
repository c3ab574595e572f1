#pragma once
// The one event type every source produces and the aggregator consumes.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace wmpulse::events {

// transferred: an open session reached the event's queue (a transfer) with no message or end
// yet to carry it there.
enum class event_kind : std::uint8_t { connected, disconnected, message, transferred };

// Who sent a message: the customer (inbound) or the agent/bot side (outbound).
// Sources that cannot tell (the tutorial protocol) leave it unknown.
enum class direction : std::uint8_t { unknown, inbound, outbound };

struct session_event {
  event_kind kind = event_kind::message;
  std::string session_id;
  core::millis time_ms = 0;   // when it happened, by the source's own timestamp
  std::string queue_id;       // empty when the source does not know
  direction dir = direction::unknown;

  friend bool operator==(const session_event&, const session_event&) = default;
};

std::string_view to_string(event_kind k);
std::string_view to_string(direction d);

}  // namespace wmpulse::events
