#include "metrics/duration_sketch.hpp"

#include <algorithm>
#include <cmath>

namespace wmpulse::metrics {
namespace {

// Bucket k >= 1 holds (gamma^(k-2), gamma^(k-1)]; standing for 2*gamma^(k-1)/(gamma+1) keeps
// every value in the bucket within relative_error of it. Bucket 0 holds exactly 0.
const double gamma_ = (1 + duration_sketch::relative_error) / (1 - duration_sketch::relative_error);
const double log_gamma = std::log(gamma_);
constexpr std::int64_t max_duration_ms = std::int64_t{1} << 42;  // ~139 years; larger is clamped

}  // namespace

std::size_t duration_bucket(std::int64_t duration_ms) {
  if (duration_ms <= 0) return 0;
  const auto v = static_cast<double>(std::min(duration_ms, max_duration_ms));
  return 1 + static_cast<std::size_t>(std::max(0.0, std::ceil(std::log(v) / log_gamma)));
}

double duration_bucket_value(std::size_t bucket) {
  if (bucket == 0) return 0;
  return 2 * std::pow(gamma_, static_cast<double>(bucket - 1)) / (gamma_ + 1);
}

void duration_sketch::change(std::int64_t duration_ms, std::int64_t delta) {
  const auto b = duration_bucket(duration_ms);
  if (b >= buckets_.size()) {
    buckets_.resize(b + 1, 0);
    groups_.resize(b / group + 1, 0);
  }
  buckets_[b] += delta;
  groups_[b / group] += delta;
  count_ += delta;
}

double duration_sketch::percentile(int percent) const {
  if (count_ <= 0) return 0;
  const std::int64_t rank = std::max<std::int64_t>(1, (count_ * percent + 99) / 100);
  std::int64_t seen = 0;
  std::size_t g = 0;
  while (seen + groups_[g] < rank) seen += groups_[g++];
  std::size_t b = g * group;
  while (seen + buckets_[b] < rank) seen += buckets_[b++];
  return duration_bucket_value(b);
}

}  // namespace wmpulse::metrics
