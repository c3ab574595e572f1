#include "core/backoff.hpp"

#include <gtest/gtest.h>

#include <limits>

using wmpulse::core::backoff;

TEST(backoff, doubles_from_base_up_to_cap_with_full_jitter) {
  backoff b(1000, 30000, 42);
  const long long ceilings[] = {1000, 2000, 4000, 8000, 16000, 30000, 30000};
  for (long long c : ceilings) {
    EXPECT_EQ(b.ceiling(), c);
    auto d = b.next_delay();
    EXPECT_GE(d, 0);
    EXPECT_LE(d, c);
  }
}

TEST(backoff, reset_returns_to_base) {
  backoff b(1000, 30000, 1);
  for (int i = 0; i < 5; ++i) (void)b.next_delay();
  b.reset();
  EXPECT_EQ(b.ceiling(), 1000);
  EXPECT_EQ(b.failures(), 0);
}

TEST(backoff, jitter_spreads_over_the_range) {
  backoff b(1000, 1000, 7);
  wmpulse::core::millis lo = 1000, hi = 0;
  for (int i = 0; i < 200; ++i) {
    auto d = b.next_delay();
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  EXPECT_LT(lo, 200);
  EXPECT_GT(hi, 800);
}

TEST(backoff, ceiling_never_overflows_however_many_failures) {
  backoff b(1, std::numeric_limits<wmpulse::core::millis>::max(), 3);
  for (int i = 0; i < 200; ++i) {
    EXPECT_GE(b.ceiling(), 1) << "after " << i << " failures";
    (void)b.next_delay();
  }
}

TEST(backoff, a_zero_base_still_waits) {
  backoff b(0, 1000, 3);
  EXPECT_GE(b.ceiling(), 1);
}
