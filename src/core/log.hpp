#pragma once
// A small thread-safe logger: one line per record on stderr, as text
// "2026-11-28T10:00:00.000Z info  [source] message key=value" or as a JSON line
// {"time":"…","level":"info","component":"source","message":"…","key":"value"}.
// Never pass secrets to it; registered secrets are masked anyway, as a second line of defence.
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"

namespace wmpulse::core {

enum class log_level { debug = 0, info = 1, warn = 2, error = 3, off = 4 };
enum class log_format { text, json };

// Parses "debug|info|warn|error|off"; nullopt-like false on anything else.
bool parse_log_level(std::string_view text, log_level& out);
// Parses "text|json".
bool parse_log_format(std::string_view text, log_format& out);

struct log_field {
  std::string_view key;
  std::string_view value;
};

void set_log_level(log_level level);
log_level current_log_level();
void set_log_format(log_format format);

// Every later record has each occurrence of `secret` replaced by "***" (empty and very short
// strings are ignored: masking them would mangle ordinary text). Configured secrets stay for
// the life of the process; rotating ones (access tokens) only the newest few.
enum class secret_lifetime { process, rotating };
void add_log_secret(std::string secret, secret_lifetime lifetime = secret_lifetime::process);

void log(log_level level, std::string_view component, std::string_view message,
         std::initializer_list<log_field> fields = {});

// One record as it is written, newline included; secrets not yet masked.
std::string format_log_record(log_format format, millis time_ms, log_level level, std::string_view component,
                              std::string_view message, std::initializer_list<log_field> fields);

inline void log_debug(std::string_view c, std::string_view m) { log(log_level::debug, c, m); }
inline void log_info(std::string_view c, std::string_view m) { log(log_level::info, c, m); }
inline void log_warn(std::string_view c, std::string_view m) { log(log_level::warn, c, m); }
inline void log_error(std::string_view c, std::string_view m) { log(log_level::error, c, m); }

// Lets a record with a given key through at most once per interval; counts the rest,
// so the next record that passes can say how many were suppressed.
class rate_limiter {
public:
  explicit rate_limiter(const clock& c, millis interval_ms = 1000) : clock_(c), interval_(interval_ms) {}

  // True when a record with this key may be written now; `suppressed` is then the number
  // of records with the key held back since the last one written.
  bool allow(std::string_view key, std::uint64_t& suppressed);

private:
  struct entry {
    millis last = 0;
    bool seen = false;
    std::uint64_t suppressed = 0;
  };
  const clock& clock_;
  millis interval_;
  std::mutex mutex_;
  std::unordered_map<std::string, entry> entries_;
};

}  // namespace wmpulse::core
