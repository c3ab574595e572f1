#pragma once
// The part of a source's status only the Genesys Cloud connector has.
#include <cstdint>
#include <optional>

#include "core/clock.hpp"

namespace wmpulse::events {

struct genesys_figures {
  std::uint32_t channels = 0;
  std::uint32_t topics = 0;
  std::uint32_t rejected_topics = 0;
  std::uint64_t backfills = 0;
  std::uint64_t backfill_conversations = 0;
  std::optional<core::millis> lag_ms;  // wall time minus event time of the newest live event
  std::uint64_t messages_unknown_in_gaps = 0;
};

}  // namespace wmpulse::events
