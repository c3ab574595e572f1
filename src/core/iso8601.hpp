#pragma once
// ISO-8601 / RFC 3339 timestamps <-> milliseconds since the epoch.
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace wmpulse::core {

// Accepts "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)"; 't'/' ' as the separator and
// 'z' are accepted too. A fraction finer than a millisecond is truncated. Returns nullopt
// for anything else, including out-of-range fields (month 13, second 61, …).
std::optional<millis> parse_iso8601_ms(std::string_view text);

// "YYYY-MM-DDTHH:MM:SS.mmmZ", always UTC, always with milliseconds.
std::string format_iso8601_ms(millis t);

// Days since the epoch for a proleptic Gregorian date (negative before 1970).
long long days_from_civil(int year, unsigned month, unsigned day);

}  // namespace wmpulse::core
