#pragma once
// A timing wheel of one-second buckets for the idle timeout. Each open session has one entry,
// filed under the second its deadline falls in. Activity does not move the entry: when the
// bucket comes due, the owner re-files sessions whose deadline moved on (lazy rescheduling),
// so an event costs O(1) and each session is re-filed at most once per idle period.
#include <cstdint>
#include <vector>

namespace wmpulse::metrics {

struct wheel_entry {
  std::uint32_t slot;
  std::uint32_t generation;  // the entry is stale when the slot's generation moved on
};

class idle_wheel {
public:
  // Deadlines are at most span_seconds after the last second advanced to.
  idle_wheel(std::int64_t span_seconds, std::int64_t now_second);

  // `second` must be after the last second advanced to.
  void schedule(std::int64_t second, wheel_entry e) { buckets_[index(second)].push_back(e); }

  // Hands every entry filed under a second up to now_second to visit(entry), which may
  // schedule it again at a later second.
  template <class F>
  void advance(std::int64_t now_second, F&& visit);

private:
  std::size_t index(std::int64_t second) const;

  std::vector<std::vector<wheel_entry>> buckets_;
  std::vector<wheel_entry> due_;
  std::int64_t processed_;
};

template <class F>
void idle_wheel::advance(std::int64_t now_second, F&& visit) {
  if (now_second <= processed_) return;
  const auto n = static_cast<std::int64_t>(buckets_.size());
  const auto first = now_second - processed_ >= n ? now_second - n + 1 : processed_ + 1;
  // Collect first, so that entries visit() re-files (always after now_second) are not revisited.
  due_.clear();
  for (auto s = first; s <= now_second; ++s) {
    auto& b = buckets_[index(s)];
    due_.insert(due_.end(), b.begin(), b.end());
    b.clear();
  }
  processed_ = now_second;
  for (const auto& e : due_) visit(e);
}

}  // namespace wmpulse::metrics
