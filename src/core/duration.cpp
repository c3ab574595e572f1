#include "core/duration.hpp"

#include <charconv>
#include <cmath>

namespace wmpulse::core {

std::optional<millis> parse_duration_ms(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr == text.data() || !std::isfinite(value) || value < 0) return std::nullopt;
  std::string_view unit(ptr, static_cast<std::size_t>(end - ptr));
  double scale = 0;
  if (unit.empty() || unit == "s") scale = 1000;
  else if (unit == "ms") scale = 1;
  else if (unit == "m" || unit == "min") scale = 60'000;
  else if (unit == "h") scale = 3'600'000;
  else if (unit == "d") scale = 86'400'000;
  else return std::nullopt;
  const double ms = value * scale;
  if (ms > 1e15) return std::nullopt;
  return static_cast<millis>(ms + 0.5);
}

}  // namespace wmpulse::core
