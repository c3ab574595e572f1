#include "core/process_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace wmpulse::core {
namespace {

std::optional<std::string> read_all(const char* path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::optional<double> boot_time_seconds() {
  const auto stat = read_all("/proc/stat");
  if (!stat) return std::nullopt;
  const auto at = stat->find("\nbtime ");
  if (at == std::string::npos) return std::nullopt;
  long long v = 0;
  const char* first = stat->data() + at + 7;
  if (std::from_chars(first, stat->data() + stat->size(), v).ec != std::errc{}) return std::nullopt;
  return static_cast<double>(v);
}

std::int64_t count_open_fds() {
  std::error_code ec;
  std::int64_t n = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) ++n;
  return n > 0 ? n - 1 : 0;  // not the descriptor the listing itself holds open
}

}  // namespace

std::optional<process_stats> parse_proc_self_stat(std::string_view stat, long ticks_per_second, long page_bytes,
                                                  double boot_time_seconds) {
  // The command name (field 2) is in parentheses and may hold spaces: fields restart after the last ')'.
  const auto close = stat.rfind(')');
  if (close == std::string_view::npos || ticks_per_second <= 0) return std::nullopt;
  constexpr std::size_t last_field = 24;  // rss; later ones (rsslim may not fit a long long) are not read
  std::vector<long long> fields;  // fields 4.. of proc(5); field 3 (the state letter) skipped
  std::size_t i = close + 1;
  bool first = true;
  while (i < stat.size() && fields.size() < last_field - 3) {
    while (i < stat.size() && stat[i] == ' ') ++i;
    const auto start = i;
    while (i < stat.size() && stat[i] != ' ' && stat[i] != '\n') ++i;
    if (start == i) break;
    if (first) {
      first = false;
      continue;
    }
    long long v = 0;
    if (std::from_chars(stat.data() + start, stat.data() + i, v).ec != std::errc{}) return std::nullopt;
    fields.push_back(v);
  }
  if (fields.size() < last_field - 3) return std::nullopt;
  const auto field = [&](std::size_t number) { return fields[number - 4]; };
  const auto ticks = static_cast<double>(ticks_per_second);
  process_stats p;
  p.cpu_seconds = static_cast<double>(field(14) + field(15)) / ticks;
  p.start_time_seconds = boot_time_seconds + static_cast<double>(field(22)) / ticks;
  p.virtual_bytes = field(23);
  p.resident_bytes = field(24) * page_bytes;
  return p;
}

std::optional<process_stats> read_process_stats() {
  const auto stat = read_all("/proc/self/stat");
  const auto boot = boot_time_seconds();
  if (!stat || !boot) return std::nullopt;
  auto p = parse_proc_self_stat(*stat, ::sysconf(_SC_CLK_TCK), ::sysconf(_SC_PAGESIZE), *boot);
  if (!p) return std::nullopt;
  p->open_fds = count_open_fds();
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    p->max_fds = static_cast<std::int64_t>(limit.rlim_cur);
  return p;
}

}  // namespace wmpulse::core
