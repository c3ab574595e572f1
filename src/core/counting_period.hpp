#pragma once
// The daily counting period of totalConnections: it starts at local midnight at a fixed UTC
// offset. One rule for the aggregator, the Genesys start-up backfill and the simulator's
// ground truth.
#include <optional>
#include <string_view>

#include "core/clock.hpp"

namespace wmpulse::core {

// "UTC"/"Z"/"+HH:MM"/"-HHMM"/"+HH" → minutes east of UTC; nullopt when malformed or beyond ±14 h.
std::optional<int> parse_utc_offset(std::string_view text);

// The start of the day holding `t` (epoch ms, before 1970 too): local midnight at UTC+offset.
millis counting_period_start(millis t, int utc_offset_minutes);

}  // namespace wmpulse::core
