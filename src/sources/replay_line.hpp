#pragma once
// What one replay line holds, told apart per line (docs/RECORD-REPLAY.md):
//   a recording line  {"t":…,"source":"tutorial"|"genesys","frame":…}  (--record's format)
//   an EventBridge event  {"detail-type":…,"source":"aws.partner/genesys.com/…","detail":{…}}
//   a Genesys notification envelope  {"topicName":…,"eventBody":…}
//   anything else: a tutorial-protocol frame (its decoder rejects what is not one).
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace wmpulse::sources {

enum class frame_protocol { tutorial, genesys, unknown };

struct replay_line {
  frame_protocol protocol = frame_protocol::tutorial;
  std::string frame;                      // the frame to decode (the line itself, or unwrapped)
  std::optional<core::millis> received_ms;  // a recording's "t", an EventBridge event's "time"
  std::string error;                      // protocol unknown: why
};

replay_line classify_replay_line(std::string_view line);

}  // namespace wmpulse::sources
