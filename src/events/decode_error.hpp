#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace wmpulse::events {

// Why a frame was rejected. Every reason is counted separately (see reject_counters).
enum class decode_reason : std::uint8_t {
  too_large,           // the frame is over the configured size limit
  malformed_json,      // not JSON, or not a JSON object
  missing_field,       // a required field is absent or of the wrong type
  unknown_event_type,  // an eventType the protocol does not define
  bad_timestamp,       // a timestamp that is not ISO-8601 / out of range
};
inline constexpr std::size_t decode_reason_count = 5;

std::string_view to_string(decode_reason r);

struct decode_error {
  decode_reason reason;
  std::string detail;  // human-readable, names the field; never echoes the whole frame
};

}  // namespace wmpulse::events
