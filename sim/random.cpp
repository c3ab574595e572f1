#include "sim/random.hpp"

#include <cstdio>

namespace wmpulse::sim {

std::string rng::uuid() {
  const std::uint64_t hi = (next() & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  const std::uint64_t lo = (next() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", unsigned(hi >> 32), unsigned((hi >> 16) & 0xffff),
                unsigned(hi & 0xffff), unsigned(lo >> 48), static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t family, std::uint64_t index) {
  // splitmix64 over the three inputs: nearby indices give unrelated streams.
  std::uint64_t z = seed ^ (family * 0x9e3779b97f4a7c15ULL) ^ (index * 0xbf58476d1ce4e5b9ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace wmpulse::sim
