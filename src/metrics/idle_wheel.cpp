#include "metrics/idle_wheel.hpp"

namespace wmpulse::metrics {

idle_wheel::idle_wheel(std::int64_t span_seconds, std::int64_t now_second)
    : buckets_(static_cast<std::size_t>(span_seconds + 2)), processed_(now_second) {}

std::size_t idle_wheel::index(std::int64_t second) const {
  const auto n = static_cast<std::int64_t>(buckets_.size());
  auto m = second % n;
  if (m < 0) m += n;
  return static_cast<std::size_t>(m);
}

}  // namespace wmpulse::metrics
