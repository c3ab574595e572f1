#pragma once
// What the process knows of its own resources, for the standard Prometheus process_* series
// (the names the official client libraries use). Read from /proc/self on Linux.
#include <cstdint>
#include <optional>
#include <string_view>

namespace wmpulse::core {

struct process_stats {
  double cpu_seconds = 0;          // user + system time
  double start_time_seconds = 0;   // since the Unix epoch
  std::int64_t resident_bytes = 0;
  std::int64_t virtual_bytes = 0;
  std::int64_t open_fds = 0;
  std::optional<std::int64_t> max_fds;  // the soft limit; nullopt when unlimited
};

// Now, from /proc/self; nullopt where /proc cannot be read.
std::optional<process_stats> read_process_stats();

// The parts of /proc/self/stat the stats need (exposed for tests): `stat` is the file's text,
// `boot_time_seconds` the `btime` line of /proc/stat. nullopt when the text is malformed.
std::optional<process_stats> parse_proc_self_stat(std::string_view stat, long ticks_per_second, long page_bytes,
                                                  double boot_time_seconds);

}  // namespace wmpulse::core
