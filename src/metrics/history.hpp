#pragma once
// A per-second ring of snapshots over the last hour (configurable), for charts and
// Query.history. Written by the ingest thread, read by any number of readers.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "metrics/snapshot.hpp"

namespace wmpulse::metrics {

struct history_point {
  core::millis at_ms = 0;
  window_metrics metrics;
};

class history {
public:
  // Keeps per-queue points for at most max_queues queues (the first by queue_id) per second,
  // so that memory stays capacity_seconds x max_queues whatever the number of queues.
  explicit history(std::int64_t capacity_seconds = 3600, std::size_t max_queues = 64);
  ~history();

  // Records the snapshot under the second it was taken in; a later snapshot of the same
  // second replaces the earlier one.
  void record(const metrics_snapshot& snapshot);
  // The same without a copy when the snapshot has at most max_queues queues (the published
  // snapshot can be shared as is).
  void record(std::shared_ptr<const metrics_snapshot> snapshot);

  // Points every step_seconds over the last last_seconds ending at the newest second recorded,
  // oldest first; for one queue when queue_id is given. Seconds with no snapshot are skipped,
  // and so are seconds whose snapshot does not hold the queue. Empty when last_seconds or
  // step_seconds is below 1; last_seconds is capped at the capacity.
  std::vector<history_point> query(std::int64_t last_seconds, std::int64_t step_seconds,
                                   const std::optional<std::string>& queue_id = std::nullopt) const;

  std::int64_t capacity_seconds() const;
  std::size_t max_queues() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace wmpulse::metrics
