#pragma once
// Exponential backoff with full jitter: the n-th consecutive failure waits a uniformly random
// time in [0, min(cap, base * 2^n)]. reset() after a healthy connection.
#include <algorithm>
#include <cstdint>
#include <random>

#include "core/clock.hpp"

namespace wmpulse::core {

class backoff {
public:
  backoff(millis base_ms, millis cap_ms, std::uint64_t seed = std::random_device{}())
      : base_(std::max<millis>(base_ms, 1)), cap_(std::max(cap_ms, base_)), rng_(seed) {}

  // The ceiling of the next delay, before jitter.
  millis ceiling() const {
    millis c = base_;
    for (int i = 0; i < failures_ && c < cap_; ++i) c = c > cap_ / 2 ? cap_ : c * 2;  // never overflows
    return std::min(c, cap_);
  }

  // The delay to wait before the next attempt; counts one more failure.
  millis next_delay() {
    const millis c = ceiling();
    if (failures_ < max_counted_failures) ++failures_;
    return std::uniform_int_distribution<millis>(0, c)(rng_);
  }

  void reset() { failures_ = 0; }
  int failures() const { return failures_; }

private:
  static constexpr int max_counted_failures = 64;  // 2^64 × base is past any cap
  millis base_;
  millis cap_;
  int failures_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace wmpulse::core
