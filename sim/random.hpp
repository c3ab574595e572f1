#pragma once
// Seeded randomness with distributions written out here, so a seed gives the same workload on
// every standard library (std::*_distribution results are implementation-defined).
#include <cmath>
#include <cstdint>
#include <random>
#include <string>

namespace wmpulse::sim {

class rng {
public:
  explicit rng(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1).
  double uniform() { return double(engine_() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi) {  // inclusive
    return lo + std::int64_t(uniform() * double(hi - lo + 1));
  }
  bool chance(double p) { return uniform() < p; }
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }
  // Log-normal with the given median; sigma is the spread of the underlying normal.
  double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }
  std::uint64_t next() { return engine_(); }
  // A random RFC 4122 version-4 UUID string.
  std::string uuid();

private:
  double normal() {  // Box-Muller
    const double u1 = 1.0 - uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  std::mt19937_64 engine_;
};

// Independent stream for item `index` of a seeded family (conversations, faults, …).
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t family, std::uint64_t index);

}  // namespace wmpulse::sim
