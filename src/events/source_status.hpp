#pragma once
// What a source reports about itself, for GraphQL `status`, the dashboard and the logs.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "events/decode_error.hpp"

namespace wmpulse::events {

enum class connection_state : std::uint8_t { starting, connecting, connected, reconnecting, stopped, failed };
std::string_view to_string(connection_state s);

struct source_status {
  std::string source_kind;  // "tutorial", "genesys", "generator", "replay"
  connection_state state = connection_state::starting;
  std::optional<core::millis> last_event_ms;   // event time of the newest event accepted
  std::optional<core::millis> last_frame_ms;   // wall time the last frame arrived
  std::optional<core::millis> connected_since_ms;
  std::uint64_t frames_received = 0;
  std::uint64_t events_ingested = 0;
  std::array<std::uint64_t, decode_reason_count> rejected{};  // by decode_reason
  std::uint64_t events_ignored = 0;  // valid but out of scope (e.g. other messaging types)
  std::uint64_t reconnects = 0;
  std::uint64_t unexpected_errors = 0;  // connections/tasks ended by an unexpected exception, then restarted
  std::string last_error;  // never holds a secret

  // Genesys Cloud connector only (zero / empty for other sources).
  std::uint32_t channels = 0;
  std::uint32_t topics = 0;
  std::uint32_t rejected_topics = 0;
  std::uint64_t backfills = 0;
  std::uint64_t backfill_conversations = 0;
  std::optional<core::millis> lag_ms;  // wall time minus event time of the newest event
  std::uint64_t messages_unknown_in_gaps = 0;

  std::uint64_t rejected_total() const {
    std::uint64_t n = 0;
    for (auto r : rejected) n += r;
    return n;
  }
};

}  // namespace wmpulse::events
