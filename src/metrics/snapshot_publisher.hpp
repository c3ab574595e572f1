#pragma once
// Hands the newest immutable snapshot from the ingest thread to any number of readers.
// publish() swaps one pointer; load() takes a reference to the current snapshot. Neither
// waits for the other beyond the atomic swap, and a reader keeps its snapshot alive for as
// long as it needs it, so it never sees a half-applied event.
#include <atomic>
#include <cstdint>
#include <memory>

#include "metrics/snapshot.hpp"

namespace wmpulse::metrics {

class snapshot_publisher {
public:
  snapshot_publisher() : current_(std::make_shared<const metrics_snapshot>()) {}

  void publish(std::shared_ptr<const metrics_snapshot> snapshot) {
    if (!snapshot) return;
    current_.store(std::move(snapshot), std::memory_order_release);
    version_.fetch_add(1, std::memory_order_acq_rel);
  }

  // Never null: an empty snapshot until the first publish.
  std::shared_ptr<const metrics_snapshot> load() const { return current_.load(std::memory_order_acquire); }

  // Grows by one per publish, so pollers can tell whether anything changed.
  std::uint64_t version() const { return version_.load(std::memory_order_acquire); }

private:
  std::atomic<std::shared_ptr<const metrics_snapshot>> current_;
  std::atomic<std::uint64_t> version_{0};
};

}  // namespace wmpulse::metrics
