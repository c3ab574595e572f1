// The process_* figures: /proc/self/stat parsed by field number (a command name with spaces
// and parentheses does not shift them), and a live read that is plausible for this process.
#include "core/process_stats.hpp"

#include <gtest/gtest.h>

#include <ctime>

namespace wmpulse::core {
namespace {

// Fields 1..24 of proc(5), utime 250 and stime 150 ticks, start 1000 ticks after boot,
// vsize 8 MiB, rss 300 pages.
constexpr std::string_view stat_line =
    "4242 (a (weird) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 3 0 1000 8388608 300 "
    "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

TEST(process_stats, parses_the_fields_by_number) {
  const auto p = parse_proc_self_stat(stat_line, 100, 4096, 1'700'000'000);
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->cpu_seconds, 4.0);
  EXPECT_DOUBLE_EQ(p->start_time_seconds, 1'700'000'010.0);
  EXPECT_EQ(p->virtual_bytes, 8'388'608);
  EXPECT_EQ(p->resident_bytes, 300 * 4096);
}

TEST(process_stats, refuses_malformed_text) {
  EXPECT_FALSE(parse_proc_self_stat("", 100, 4096, 0));
  EXPECT_FALSE(parse_proc_self_stat("1 (x) S 1 2 3", 100, 4096, 0));
  EXPECT_FALSE(parse_proc_self_stat("1 (x) S 1 2 3 x 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21", 100, 4096, 0));
  EXPECT_FALSE(parse_proc_self_stat(stat_line, 0, 4096, 0));
}

TEST(process_stats, reads_this_process) {
  const auto p = read_process_stats();
  ASSERT_TRUE(p);
  EXPECT_GT(p->resident_bytes, 0);
  EXPECT_GE(p->open_fds, 3);  // stdin, stdout, stderr
  EXPECT_GE(p->cpu_seconds, 0);
  EXPECT_GT(p->start_time_seconds, 1e9);
  EXPECT_LE(p->start_time_seconds, static_cast<double>(std::time(nullptr)) + 1);
}

}  // namespace
}  // namespace wmpulse::core
