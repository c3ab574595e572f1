#include "core/log.hpp"

#include <atomic>
#include <cstdio>

#include "core/iso8601.hpp"

namespace wmpulse::core {
namespace {

std::atomic<log_level> g_level{log_level::info};
std::mutex g_write_mutex;

const char* level_name(log_level l) {
  switch (l) {
    case log_level::debug: return "debug";
    case log_level::info: return "info ";
    case log_level::warn: return "warn ";
    case log_level::error: return "error";
    case log_level::off: break;
  }
  return "     ";
}

}  // namespace

bool parse_log_level(std::string_view t, log_level& out) {
  if (t == "debug") out = log_level::debug;
  else if (t == "info") out = log_level::info;
  else if (t == "warn") out = log_level::warn;
  else if (t == "error") out = log_level::error;
  else if (t == "off") out = log_level::off;
  else return false;
  return true;
}

void set_log_level(log_level level) { g_level.store(level); }
log_level current_log_level() { return g_level.load(); }

void log(log_level level, std::string_view component, std::string_view message) {
  if (level < g_level.load(std::memory_order_relaxed) || level == log_level::off) return;
  std::string line = format_iso8601_ms(system_clock::instance().now_ms());
  line += ' ';
  line += level_name(level);
  line += " [";
  line += component;
  line += "] ";
  line += message;
  line += '\n';
  std::lock_guard lock(g_write_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

bool rate_limiter::allow(std::string_view key, std::uint64_t& suppressed) {
  const millis now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  auto& e = entries_[std::string(key)];
  if (e.seen && now - e.last < interval_) {
    ++e.suppressed;
    return false;
  }
  suppressed = e.suppressed;
  e = entry{now, true, 0};
  return true;
}

}  // namespace wmpulse::core
