#include "metrics/duration_sketch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace wmpulse::metrics {
namespace {

TEST(duration_sketch, every_bucket_value_is_within_one_percent_of_its_members) {
  for (std::int64_t v : {1LL, 2LL, 3LL, 99LL, 100LL, 101LL, 1'000LL, 59'999LL, 3'600'000LL, 86'400'000LL, 1LL << 40}) {
    const auto rep = duration_bucket_value(duration_bucket(v));
    EXPECT_LE(std::fabs(rep - static_cast<double>(v)), 0.01 * static_cast<double>(v) + 1e-9) << v;
  }
  EXPECT_EQ(duration_bucket_value(duration_bucket(0)), 0);
}

TEST(duration_sketch, nearest_rank_percentiles_within_one_percent_and_removal_undoes_add) {
  std::mt19937_64 rng(5);
  std::vector<std::int64_t> values;
  duration_sketch s;
  for (int i = 0; i < 5'000; ++i) {
    const auto v = std::uniform_int_distribution<std::int64_t>(0, 4'000'000)(rng);
    values.push_back(v);
    s.add(v);
  }
  for (int i = 0; i < 1'000; ++i) {
    s.remove(values.back());
    values.pop_back();
  }
  std::sort(values.begin(), values.end());
  for (int p : {1, 50, 90, 99, 100}) {
    const auto n = static_cast<std::int64_t>(values.size());
    const auto exact = static_cast<double>(values[static_cast<std::size_t>((n * p + 99) / 100 - 1)]);
    EXPECT_LE(std::fabs(s.percentile(p) - exact), 0.01 * exact + 1e-9) << p;
  }
  EXPECT_EQ(s.count(), 4'000);
}

TEST(duration_sketch, empty_answers_zero) { EXPECT_EQ(duration_sketch{}.percentile(50), 0); }

}  // namespace
}  // namespace wmpulse::metrics
