#pragma once
// "250ms", "60", "60s", "10m", "2h", "1d" -> milliseconds. A bare number is seconds.
#include <optional>
#include <string_view>

#include "core/clock.hpp"

namespace wmpulse::core {

std::optional<millis> parse_duration_ms(std::string_view text);

}  // namespace wmpulse::core
