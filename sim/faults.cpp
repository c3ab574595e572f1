#include "sim/faults.hpp"

#include <array>
#include <cstdlib>

namespace wmpulse::sim {

double fault_command::number(const std::string& key, double fallback) const {
  const auto it = params.find(key);
  if (it == params.end() || it->second.empty()) return fallback;
  char* end = nullptr;
  const double v = std::strtod(it->second.c_str(), &end);
  return end && *end == '\0' ? v : fallback;
}

std::string fault_command::text(const std::string& key) const {
  const auto it = params.find(key);
  return it == params.end() ? std::string() : it->second;
}

bool known_fault_type(const std::string& type) {
  static const std::array<const char*, 13> types = {"drop",      "socket_closing", "revoke_tokens",  "burst_429",
                                                    "slow",      "garbage",        "evict",          "gap",
                                                    "duplicate", "reorder",        "hold_details",   "release_details",
                                                    "refuse_upgrades"};
  for (const char* t : types)
    if (type == t) return true;
  return false;
}

std::optional<scheduled_fault> parse_fault_spec(const std::string& spec, std::string& error) {
  const auto at = spec.find('@');
  if (at == std::string::npos) {
    error = "fault spec must be TYPE@SECONDS[,key=value...]: " + spec;
    return std::nullopt;
  }
  scheduled_fault f;
  f.command.type = spec.substr(0, at);
  if (!known_fault_type(f.command.type)) {
    error = "unknown fault type: " + f.command.type;
    return std::nullopt;
  }
  std::string rest = spec.substr(at + 1);
  const auto comma = rest.find(',');
  const std::string seconds = rest.substr(0, comma);
  char* end = nullptr;
  const double s = std::strtod(seconds.c_str(), &end);
  if (seconds.empty() || !end || *end != '\0' || s < 0) {
    error = "fault time must be a number of seconds: " + spec;
    return std::nullopt;
  }
  f.offset_ms = static_cast<millis>(s * 1000);
  rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
  while (!rest.empty()) {
    const auto next = rest.find(',');
    const std::string kv = rest.substr(0, next);
    const auto eq = kv.find('=');
    if (eq == std::string::npos) {
      error = "fault parameter must be key=value: " + kv;
      return std::nullopt;
    }
    f.command.params[kv.substr(0, eq)] = kv.substr(eq + 1);
    rest = next == std::string::npos ? "" : rest.substr(next + 1);
  }
  return f;
}

}  // namespace wmpulse::sim
