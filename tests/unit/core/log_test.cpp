#include "core/log.hpp"

#include <gtest/gtest.h>

using namespace wmpulse::core;

TEST(rate_limiter, lets_one_record_per_key_per_interval) {
  manual_clock clock(10'000);
  rate_limiter limiter(clock, 1000);
  std::uint64_t suppressed = 99;
  EXPECT_TRUE(limiter.allow("bad_json", suppressed));
  EXPECT_EQ(suppressed, 0u);
  EXPECT_FALSE(limiter.allow("bad_json", suppressed));
  EXPECT_FALSE(limiter.allow("bad_json", suppressed));
  EXPECT_TRUE(limiter.allow("too_large", suppressed)) << "keys are independent";
  clock.advance(999);
  EXPECT_FALSE(limiter.allow("bad_json", suppressed));
  clock.advance(1);
  EXPECT_TRUE(limiter.allow("bad_json", suppressed));
  EXPECT_EQ(suppressed, 3u);
}

TEST(log_level, parses_names) {
  log_level l{};
  EXPECT_TRUE(parse_log_level("warn", l));
  EXPECT_EQ(l, log_level::warn);
  EXPECT_FALSE(parse_log_level("loud", l));
}
