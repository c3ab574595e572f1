#include "metrics/window_ring.hpp"

namespace wmpulse::metrics {

window_ring::window_ring(core::millis window_ms, std::size_t max_records)
    : window_ms_(window_ms), max_records_(max_records), heads_(static_cast<std::size_t>(window_ms), none) {}

std::size_t window_ring::slot_of(core::millis t) const {
  auto m = t % window_ms_;
  if (m < 0) m += window_ms_;
  return static_cast<std::size_t>(m);
}

bool window_ring::add(core::millis at, const window_record& r) {
  std::uint32_t i;
  if (free_head_ != none) {
    i = free_head_;
    free_head_ = pool_[i].next;
  } else {
    if (pool_.size() >= max_records_) return false;
    i = static_cast<std::uint32_t>(pool_.size());
    pool_.emplace_back();
  }
  auto& slot = heads_[slot_of(at)];
  pool_[i] = r;
  pool_[i].next = slot;
  slot = i;
  ++live_;
  return true;
}

}  // namespace wmpulse::metrics
