#include "core/clock.hpp"

#include <gtest/gtest.h>

using namespace wmpulse::core;

TEST(manual_clock, moves_only_when_told) {
  manual_clock c(5);
  EXPECT_EQ(c.now_ms(), 5);
  c.advance(10);
  EXPECT_EQ(c.now_ms(), 15);
  c.set(3);
  EXPECT_EQ(c.now_ms(), 3);
}

TEST(system_clock, is_after_2020) { EXPECT_GT(system_clock::instance().now_ms(), 1577836800000LL); }

TEST(manual_clock, a_wall_step_leaves_the_steady_reading_alone) {
  manual_clock c(1'000);
  c.advance(500);
  EXPECT_EQ(c.steady_ms(), 1'500);
  c.step_wall(-3'600'000);  // the host's time is set back an hour
  EXPECT_EQ(c.now_ms(), 1'500 - 3'600'000);
  EXPECT_EQ(c.steady_ms(), 1'500);
  c.set(10'000);  // forward: time passes on both
  EXPECT_EQ(c.steady_ms(), 1'500 + (10'000 - (1'500 - 3'600'000)));
  c.set(0);  // backward: a step, the steady reading stays
  EXPECT_EQ(c.now_ms(), 0);
  EXPECT_EQ(c.steady_ms(), 1'500 + (10'000 - (1'500 - 3'600'000)));
}

TEST(system_clock, steady_reading_never_goes_back) {
  const auto& c = system_clock::instance();
  millis a = c.steady_ms();
  millis b = c.steady_ms();
  EXPECT_LE(a, b);
}
