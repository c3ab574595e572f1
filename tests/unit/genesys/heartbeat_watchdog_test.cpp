#include "genesys/heartbeat_watchdog.hpp"

#include <gtest/gtest.h>

namespace wmpulse::genesys {
namespace {
using verdict = heartbeat_watchdog::verdict;

constexpr core::millis heartbeat_timeout = 65'000;
constexpr core::millis ping_interval = 20'000;

class heartbeat_watchdog_test : public ::testing::Test {
protected:
  core::manual_clock clock{5'000'000};
  heartbeat_watchdog watchdog{clock, heartbeat_timeout, ping_interval};

  void SetUp() override { watchdog.start(); }
  // Lets `ms` pass, asking as the socket does at every step on the way.
  verdict after(core::millis ms) {
    verdict last = verdict::wait;
    for (core::millis left = ms; left > 0;) {
      const core::millis step = std::min(left, watchdog.check_interval());
      clock.advance(step);
      left -= step;
      last = watchdog.check();
      if (last == verdict::silent) break;
    }
    return last;
  }
};

TEST_F(heartbeat_watchdog_test, a_silent_socket_is_dead_after_the_heartbeat_timeout_and_not_before) {
  EXPECT_NE(after(heartbeat_timeout - 1), verdict::silent);
  clock.advance(1);
  EXPECT_EQ(watchdog.check(), verdict::silent);
}

TEST_F(heartbeat_watchdog_test, a_frame_starts_the_silence_again) {
  EXPECT_NE(after(heartbeat_timeout - 1), verdict::silent);
  watchdog.frame_received();
  EXPECT_NE(after(heartbeat_timeout - 1), verdict::silent);
  clock.advance(1);
  EXPECT_EQ(watchdog.check(), verdict::silent);
}

TEST_F(heartbeat_watchdog_test, the_wall_clock_stepping_does_not_count_as_silence) {
  clock.step_wall(heartbeat_timeout * 10);
  EXPECT_EQ(watchdog.check(), verdict::wait);
}

TEST_F(heartbeat_watchdog_test, a_quiet_socket_is_pinged_once_per_interval) {
  clock.advance(ping_interval - 1);
  EXPECT_EQ(watchdog.check(), verdict::wait);
  clock.advance(1);
  EXPECT_EQ(watchdog.check(), verdict::ping);
  EXPECT_EQ(watchdog.check(), verdict::wait) << "pinged twice in one interval";
  clock.advance(ping_interval);
  EXPECT_EQ(watchdog.check(), verdict::ping);
}

TEST_F(heartbeat_watchdog_test, frames_keep_a_socket_from_being_pinged) {
  for (int i = 0; i < 10; ++i) {
    clock.advance(ping_interval - 1);
    watchdog.frame_received();
    EXPECT_EQ(watchdog.check(), verdict::wait);
  }
}

TEST_F(heartbeat_watchdog_test, is_asked_at_a_quarter_of_the_shorter_period_and_at_most_every_50_ms) {
  EXPECT_EQ(watchdog.check_interval(), ping_interval / 4);
  EXPECT_EQ(heartbeat_watchdog(clock, 1'000, 20'000).check_interval(), 250);
  EXPECT_EQ(heartbeat_watchdog(clock, 100, 100).check_interval(), 50);
}

}  // namespace
}  // namespace wmpulse::genesys
