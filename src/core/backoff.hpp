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
      : base_(base_ms), cap_(cap_ms), rng_(seed) {}

  // The ceiling of the next delay, before jitter.
  millis ceiling() const {
    millis c = base_;
    for (int i = 0; i < failures_ && c < cap_; ++i) c *= 2;
    return std::min(c, cap_);
  }

  // The delay to wait before the next attempt; counts one more failure.
  millis next_delay() {
    const millis c = ceiling();
    ++failures_;
    return std::uniform_int_distribution<millis>(0, c)(rng_);
  }

  void reset() { failures_ = 0; }
  int failures() const { return failures_; }

private:
  millis base_;
  millis cap_;
  int failures_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace wmpulse::core
