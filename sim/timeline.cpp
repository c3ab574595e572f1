#include "sim/timeline.hpp"

#include <algorithm>

namespace wmpulse::sim {

std::vector<change> timeline::advance(millis now) {
  const auto end = workload_.end_ms();
  const millis limit = end ? std::min(now, *end) : now;
  if (limit <= watermark_) return {};
  const std::size_t before = workload_.conversations().size();
  workload_.generate_until(limit);
  const auto& all = workload_.conversations();
  for (std::size_t i = before; i < all.size(); ++i) heap_.push({all[i].changes.front(), i, 0});
  std::vector<change> out;
  while (!heap_.empty() && heap_.top().time <= limit) {
    auto p = heap_.top();
    heap_.pop();
    out.push_back({p.time, p.conversation});
    const auto& changes = all[p.conversation].changes;
    if (++p.next < changes.size()) heap_.push({changes[p.next], p.conversation, p.next});
  }
  if (!out.empty()) last_published_ = out.back().time;
  watermark_ = limit;
  return out;
}

bool timeline::finished() const {
  const auto end = workload_.end_ms();
  return end && watermark_ >= *end;
}

}  // namespace wmpulse::sim
