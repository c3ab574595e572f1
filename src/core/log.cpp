#include "core/log.hpp"

#include <atomic>
#include <cstdio>
#include <vector>

#include "core/iso8601.hpp"
#include "core/text.hpp"

namespace wmpulse::core {
namespace {

std::atomic<log_level> g_level{log_level::info};
std::atomic<log_format> g_format{log_format::text};
std::mutex g_write_mutex;
std::vector<std::string> g_secrets;           // guarded by g_write_mutex
std::vector<std::string> g_rotating_secrets;  // the newest last; guarded by g_write_mutex

// Shorter strings would match ordinary words; real secrets and tokens are far longer.
constexpr std::size_t min_secret_length = 6;
// A token refreshed or revoked stays masked through this many successors.
constexpr std::size_t max_rotating_secrets = 8;

std::string_view level_name(log_level l) {
  switch (l) {
    case log_level::debug: return "debug";
    case log_level::info: return "info";
    case log_level::warn: return "warn";
    case log_level::error: return "error";
    case log_level::off: break;
  }
  return "";
}

std::string json_record(const std::string& time, log_level level, std::string_view component, std::string_view message,
                        std::initializer_list<log_field> fields) {
  std::string line = "{\"time\":\"" + time + "\",\"level\":\"" + std::string(level_name(level)) +
                     "\",\"component\":" + quoted(component) + ",\"message\":" + quoted(message);
  for (const auto& f : fields) line += ',' + quoted(f.key) + ':' + quoted(f.value);
  line += "}\n";
  return line;
}

std::string text_record(const std::string& time, log_level level, std::string_view component, std::string_view message,
                        std::initializer_list<log_field> fields) {
  std::string name(level_name(level));
  name.resize(5, ' ');
  std::string line = time + ' ' + name + " [" + std::string(component) + "] " + std::string(message);
  for (const auto& f : fields) line += ' ' + std::string(f.key) + '=' + std::string(f.value);
  line += '\n';
  return line;
}

void mask_secrets(std::string& line) {
  for (const auto* list : {&g_secrets, &g_rotating_secrets})
    for (const auto& s : *list)
      for (auto at = line.find(s); at != std::string::npos; at = line.find(s, at + 3)) line.replace(at, s.size(), "***");
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

bool parse_log_format(std::string_view t, log_format& out) {
  if (t == "text") out = log_format::text;
  else if (t == "json") out = log_format::json;
  else return false;
  return true;
}

void set_log_level(log_level level) { g_level.store(level); }
log_level current_log_level() { return g_level.load(); }
void set_log_format(log_format format) { g_format.store(format); }

void add_log_secret(std::string secret, secret_lifetime lifetime) {
  if (secret.size() < min_secret_length) return;
  std::lock_guard lock(g_write_mutex);
  auto& list = lifetime == secret_lifetime::process ? g_secrets : g_rotating_secrets;
  for (const auto& s : list)
    if (s == secret) return;
  list.push_back(std::move(secret));
  if (lifetime == secret_lifetime::rotating && list.size() > max_rotating_secrets) list.erase(list.begin());
}

std::string format_log_record(log_format format, millis time_ms, log_level level, std::string_view component,
                              std::string_view message, std::initializer_list<log_field> fields) {
  const std::string time = format_iso8601_ms(time_ms);
  return format == log_format::json ? json_record(time, level, component, message, fields)
                                    : text_record(time, level, component, message, fields);
}

void log(log_level level, std::string_view component, std::string_view message, std::initializer_list<log_field> fields) {
  if (level < g_level.load(std::memory_order_relaxed) || level == log_level::off) return;
  std::string line = format_log_record(g_format.load(std::memory_order_relaxed), system_clock::instance().now_ms(), level,
                                       component, message, fields);
  std::lock_guard lock(g_write_mutex);
  mask_secrets(line);
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
