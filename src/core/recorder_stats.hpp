#pragma once
// What --record has done so far (core::frame_recorder), for GraphQL `status` and /metrics.
#include <cstdint>

namespace wmpulse::core {

struct recorder_stats {
  std::uint64_t frames_written = 0;
  std::uint64_t frames_dropped = 0;  // write error, or the queue over max_pending_bytes
  std::uint64_t write_errors = 0;
  std::uint64_t rotations = 0;
};

}  // namespace wmpulse::core
