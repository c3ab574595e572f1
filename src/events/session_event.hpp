#pragma once
// The one event type every source produces and the aggregator consumes.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace wmpulse::events {

// transferred: an open session reached the event's queue (a transfer) with no message or end
// yet to carry it there.
// The contact-centre kinds (sources that know queues and agents; docs/METRICS.md "Queue
// figures") each carry the span they measure: time_ms is its end and start_ms its start, both
// as the source stamped them.
//   queued       the session entered the event's queue at time_ms (start_ms unused);
//   answered     an agent connected at time_ms; start_ms: when it entered that queue;
//   abandoned    it left that queue without an agent (not by transfer) at time_ms; start_ms: entry;
//   agent_ended  the agent's part ended at time_ms; start_ms: when that agent connected;
//   responded    an agent's reply at time_ms to the customer message stamped start_ms;
//                first_response: that message was the customer's first.
enum class event_kind : std::uint8_t {
  connected, disconnected, message, transferred, queued, answered, abandoned, agent_ended, responded
};

// Who sent a message: the customer (inbound) or the agent/bot side (outbound).
// Sources that cannot tell (the tutorial protocol) leave it unknown.
enum class direction : std::uint8_t { unknown, inbound, outbound };

struct session_event {
  event_kind kind = event_kind::message;
  std::string session_id;
  core::millis time_ms = 0;   // when it happened, by the source's own timestamp
  std::string queue_id;       // empty when the source does not know
  direction dir = direction::unknown;
  core::millis start_ms = 0;  // contact-centre kinds: the start of the measured span
  bool first_response = false;

  friend bool operator==(const session_event&, const session_event&) = default;
};

std::string_view to_string(event_kind k);
std::string_view to_string(direction d);

}  // namespace wmpulse::events
