#include "core/counting_period.hpp"

#include <cctype>
#include <string>

namespace wmpulse::core {

std::optional<int> parse_utc_offset(std::string_view t) {
  if (t == "UTC" || t == "Z" || t == "utc" || t == "z") return 0;
  if (t.size() < 3 || (t[0] != '+' && t[0] != '-')) return std::nullopt;
  const int sign = t[0] == '-' ? -1 : 1;
  std::string digits;
  for (char c : t.substr(1)) {
    if (c == ':') continue;
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    digits.push_back(c);
  }
  if (digits.size() != 2 && digits.size() != 4) return std::nullopt;
  if (t.find(':') != std::string_view::npos && t.size() != 6) return std::nullopt;
  const int hours = std::stoi(digits.substr(0, 2));
  const int minutes = digits.size() == 4 ? std::stoi(digits.substr(2, 2)) : 0;
  if (minutes >= 60 || hours * 60 + minutes > 14 * 60) return std::nullopt;
  return sign * (hours * 60 + minutes);
}

millis counting_period_start(millis t, int utc_offset_minutes) {
  constexpr millis day = 86'400'000;
  const millis offset = millis{utc_offset_minutes} * 60'000;
  const millis local = t + offset;
  millis local_midnight = (local / day) * day;
  if (local_midnight > local) local_midnight -= day;  // floor for times before 1970
  return local_midnight - offset;
}

}  // namespace wmpulse::core
