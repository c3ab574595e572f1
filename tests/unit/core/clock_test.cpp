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
