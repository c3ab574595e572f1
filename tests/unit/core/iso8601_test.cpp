#include "core/iso8601.hpp"

#include <gtest/gtest.h>

using wmpulse::core::format_iso8601_ms;
using wmpulse::core::parse_iso8601_ms;

TEST(iso8601, parses_utc_with_milliseconds) {
  EXPECT_EQ(parse_iso8601_ms("1970-01-01T00:00:00.000Z"), 0);
  EXPECT_EQ(parse_iso8601_ms("2026-11-28T02:18:16.342Z"), 1795832296342LL);
}

TEST(iso8601, parses_offsets_and_fractions) {
  EXPECT_EQ(parse_iso8601_ms("2026-11-28T03:18:16.342+01:00"), 1795832296342LL);
  EXPECT_EQ(parse_iso8601_ms("2026-11-27T21:18:16.342-0500"), 1795832296342LL);
  EXPECT_EQ(parse_iso8601_ms("2026-11-28T02:18:16Z"), 1795832296000LL);
  EXPECT_EQ(parse_iso8601_ms("2026-11-28T02:18:16.3Z"), 1795832296300LL);
  EXPECT_EQ(parse_iso8601_ms("2026-11-28T02:18:16.342999Z"), 1795832296342LL);
}

TEST(iso8601, rejects_malformed_and_out_of_range) {
  for (const char* bad : {"", "2026-11-28", "2026-11-28T02:18:16", "2026-13-01T00:00:00Z",
                          "2026-02-29T00:00:00Z", "2026-11-28T24:00:00Z", "2026-11-28T02:18:16.Z",
                          "2026-11-28T02:18:16Zjunk", "not a date", "2026-11-28T02:18:16+25:00"}) {
    EXPECT_FALSE(parse_iso8601_ms(bad).has_value()) << bad;
  }
  EXPECT_TRUE(parse_iso8601_ms("2024-02-29T00:00:00Z").has_value());
}

TEST(iso8601, format_round_trips) {
  for (long long t : {0LL, 1795832296342LL, -1LL, 951782400000LL, 4102444799999LL}) {
    auto text = format_iso8601_ms(t);
    EXPECT_EQ(parse_iso8601_ms(text), t) << text;
  }
  EXPECT_EQ(format_iso8601_ms(1795832296342LL), "2026-11-28T02:18:16.342Z");
  EXPECT_EQ(format_iso8601_ms(-1), "1969-12-31T23:59:59.999Z");
}

#include "core/duration.hpp"

TEST(duration, parses_units_and_bare_seconds) {
  using wmpulse::core::parse_duration_ms;
  EXPECT_EQ(parse_duration_ms("60"), 60000);
  EXPECT_EQ(parse_duration_ms("60s"), 60000);
  EXPECT_EQ(parse_duration_ms("250ms"), 250);
  EXPECT_EQ(parse_duration_ms("10m"), 600000);
  EXPECT_EQ(parse_duration_ms("1.5h"), 5400000);
  EXPECT_EQ(parse_duration_ms("1d"), 86400000);
  EXPECT_FALSE(parse_duration_ms(""));
  EXPECT_FALSE(parse_duration_ms("-1s"));
  EXPECT_FALSE(parse_duration_ms("10 parsecs"));
  EXPECT_FALSE(parse_duration_ms("s"));
}

// Found by fuzzing (tests/fuzz/config_fuzz.cpp): "nan" passed every check and was converted
// to an integer (undefined behaviour; LONG_MIN on x86-64), e.g. `--backfill-lookback nan`.
TEST(duration, rejects_numbers_that_are_not_finite) {
  using wmpulse::core::parse_duration_ms;
  for (const char* text : {"nan", "NaN", "nans", "-nan", "nanms", "inf", "infinity", "1e400", "inf h"})
    EXPECT_FALSE(parse_duration_ms(text)) << text;
}
