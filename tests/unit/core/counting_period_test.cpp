#include "core/counting_period.hpp"

#include <gtest/gtest.h>

namespace wmpulse::core {
namespace {

TEST(counting_period, utc_offsets_parse_and_bad_ones_are_refused) {
  EXPECT_EQ(parse_utc_offset("UTC"), 0);
  EXPECT_EQ(parse_utc_offset("+02:00"), 120);
  EXPECT_EQ(parse_utc_offset("-0530"), -330);
  EXPECT_EQ(parse_utc_offset("+01"), 60);
  EXPECT_FALSE(parse_utc_offset("+15:00"));
  EXPECT_FALSE(parse_utc_offset("02:00"));
  EXPECT_FALSE(parse_utc_offset("+2:0"));
  EXPECT_FALSE(parse_utc_offset("+02:60"));
}

TEST(counting_period, starts_at_local_midnight) {
  // 2026-11-28T10:00:00Z
  const millis t = 1'795'860'000'000;
  const millis utc_midnight = t - 10 * 3'600'000LL;
  EXPECT_EQ(counting_period_start(t, 0), utc_midnight);
  // At +02:00 it is 12:00 local; local midnight is 22:00Z the day before.
  EXPECT_EQ(counting_period_start(t, 120), utc_midnight - 2 * 3'600'000LL);
  // At -11:00 it is 23:00 the day before; local midnight is 11:00Z the day before.
  EXPECT_EQ(counting_period_start(t, -660), utc_midnight - 13 * 3'600'000LL);
  EXPECT_EQ(counting_period_start(utc_midnight, 0), utc_midnight);
}

TEST(counting_period, floors_before_1970) {
  EXPECT_EQ(counting_period_start(-1, 0), -86'400'000);
  EXPECT_EQ(counting_period_start(-86'400'000, 0), -86'400'000);
  EXPECT_EQ(counting_period_start(0, 60), -3'600'000);  // 01:00 local at +01:00: midnight was 23:00Z
}

}  // namespace
}  // namespace wmpulse::core
