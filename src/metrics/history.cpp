#include "metrics/history.hpp"

#include <algorithm>
#include <mutex>

#include "core/clock.hpp"

namespace wmpulse::metrics {
namespace {

core::millis second_of(core::millis ms) { return ms / 1000 - (ms % 1000 < 0); }

std::size_t ring_index(core::millis second, std::int64_t capacity) {
  auto m = second % capacity;
  return static_cast<std::size_t>(m < 0 ? m + capacity : m);
}

struct slot {
  core::millis second = -1;
  std::shared_ptr<const metrics_snapshot> snapshot;
};

std::shared_ptr<const metrics_snapshot> trimmed(const metrics_snapshot& s, std::size_t max_queues) {
  auto copy = std::make_shared<metrics_snapshot>();
  copy->taken_at_ms = s.taken_at_ms;
  copy->window_ms = s.window_ms;
  copy->counting_since_ms = s.counting_since_ms;
  copy->all = s.all;
  copy->counters = s.counters;
  const auto n = std::min(max_queues, s.queues.size());
  copy->queues.assign(s.queues.begin(), s.queues.begin() + static_cast<std::ptrdiff_t>(n));
  return copy;
}

}  // namespace

struct history::impl {
  std::int64_t capacity;
  std::size_t max_queues;
  mutable std::mutex mutex;  // held only to copy pointers in or out, never to build answers
  std::vector<slot> ring;
  core::millis newest = -1;
  bool any = false;
};

history::history(std::int64_t capacity_seconds, std::size_t max_queues) : impl_(std::make_unique<impl>()) {
  impl_->capacity = std::max<std::int64_t>(1, capacity_seconds);
  impl_->max_queues = max_queues;
  impl_->ring.resize(static_cast<std::size_t>(impl_->capacity));
}

history::~history() = default;

std::int64_t history::capacity_seconds() const { return impl_->capacity; }
std::size_t history::max_queues() const { return impl_->max_queues; }

void history::record(const metrics_snapshot& snapshot) { record(trimmed(snapshot, impl_->max_queues)); }

void history::record(std::shared_ptr<const metrics_snapshot> snapshot) {
  if (!snapshot) return;
  if (snapshot->queues.size() > impl_->max_queues) snapshot = trimmed(*snapshot, impl_->max_queues);
  const auto second = second_of(snapshot->taken_at_ms);
  std::lock_guard lock(impl_->mutex);
  if (impl_->any && second <= impl_->newest - impl_->capacity) return;  // older than the ring holds
  auto& s = impl_->ring[ring_index(second, impl_->capacity)];
  if (s.snapshot && s.second > second) return;  // never replace a newer second
  s.second = second;
  s.snapshot.swap(snapshot);  // the replaced snapshot is freed after the lock is released
  impl_->newest = impl_->any ? std::max(impl_->newest, second) : second;
  impl_->any = true;
}

std::vector<history_point> history::query(std::int64_t last_seconds, std::int64_t step_seconds,
                                          const std::optional<std::string>& queue_id) const {
  std::vector<std::shared_ptr<const metrics_snapshot>> picked;
  if (last_seconds < 1 || step_seconds < 1) return {};
  last_seconds = std::min(last_seconds, impl_->capacity);
  {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->any) return {};
    picked.reserve(static_cast<std::size_t>((last_seconds + step_seconds - 1) / step_seconds));
    for (std::int64_t back = 0; back < last_seconds; back += step_seconds) {
      const auto second = impl_->newest - back;
      const auto& s = impl_->ring[ring_index(second, impl_->capacity)];
      if (s.second == second && s.snapshot) picked.push_back(s.snapshot);
    }
  }
  std::vector<history_point> points;
  points.reserve(picked.size());
  for (auto it = picked.rbegin(); it != picked.rend(); ++it) {
    const auto& snap = **it;
    if (!queue_id) {
      points.push_back({snap.taken_at_ms, snap.all});
    } else if (const auto* q = snap.find_queue(*queue_id)) {
      points.push_back({snap.taken_at_ms, *q});
    }
  }
  return points;
}

}  // namespace wmpulse::metrics
