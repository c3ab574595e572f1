#pragma once
// A histogram of durations whose buckets grow geometrically, so that every percentile it
// answers is within 1% (relative) of the exact nearest-rank value, whatever the spread.
// Samples are added and removed in O(1); a percentile costs O(buckets / group) + O(group).
#include <cstdint>
#include <vector>

namespace wmpulse::metrics {

class duration_sketch {
public:
  static constexpr double relative_error = 0.01;

  void add(std::int64_t duration_ms) { change(duration_ms, +1); }
  void remove(std::int64_t duration_ms) { change(duration_ms, -1); }
  std::int64_t count() const { return count_; }

  // The nearest-rank percentile (rank ceil(percent/100 * n)), within relative_error of the
  // exact value; 0 when empty. percent in 1..100.
  double percentile(int percent) const;

private:
  static constexpr std::size_t group = 64;
  void change(std::int64_t duration_ms, std::int64_t delta);

  std::vector<std::int64_t> buckets_;  // grown on demand to the largest index used
  std::vector<std::int64_t> groups_;   // sum of each run of `group` buckets, to skip zeros fast
  std::int64_t count_ = 0;
};

// The bucket a duration falls in, and the value a bucket stands for (exposed for tests).
std::size_t duration_bucket(std::int64_t duration_ms);
double duration_bucket_value(std::size_t bucket);

}  // namespace wmpulse::metrics
