#include "metrics/snapshot.hpp"

#include <algorithm>

namespace wmpulse::metrics {

const window_metrics* metrics_snapshot::find_queue(std::string_view queue_id) const {
  auto it = std::lower_bound(queues.begin(), queues.end(), queue_id,
                             [](const queue_metrics& q, std::string_view id) { return q.queue_id < id; });
  if (it == queues.end() || it->queue_id != queue_id) return nullptr;
  return &it->metrics;
}

}  // namespace wmpulse::metrics
