#pragma once
// One stream message: one normalized event and the wall time its batch first arrived at the
// leader, so a replaying node places it as the leader did (an aggregator on the wall clock).
//   body := u64 little-endian arrived_ms, then the batch codec (events/event_codec.hpp) of
//           exactly one event
// The message's Nats-Msg-Id header carries the event id (events/event_id.hpp).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "events/session_event.hpp"

namespace wmpulse::cluster {

struct stream_record {
  std::string id;  // the event id (Nats-Msg-Id)
  core::millis arrived_ms = 0;
  std::vector<events::session_event> events;
  std::uint64_t pending = 0;  // messages in the stream after this one when it was delivered
};

void encode_event_message(const events::session_event& e, core::millis arrived_ms, std::string& out);
// The record of a message body; an error naming what is wrong with a short or garbled one.
core::result<stream_record, std::string> decode_event_message(std::string_view id, std::string_view body);

}  // namespace wmpulse::cluster
