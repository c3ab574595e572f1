#pragma once
// Internal to src/api: the parent objects the resolvers pass along, and the type builders.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/root_state.hpp"
#include "graphql/schema.hpp"

namespace wmpulse::api::detail {

// A Metrics object: one window_metrics, with when it was taken and over which window.
struct metrics_view {
  const metrics::window_metrics* m = nullptr;
  core::millis taken_at_ms = 0;
  core::millis window_ms = 0;
  core::millis counting_since_ms = 0;  // start of the totalConnections counting period
  std::string queue_id;  // empty for all queues
  std::shared_ptr<const void> keep_alive;  // owns what `m` points into when it is not the snapshot
};

graphql::resolved metrics_object(const root_state& r, const std::optional<std::string>& queue_id);
// A queue no event has reached yet: zero counts, no averages; where the source knows queues,
// queue figures of zero and the queue's own service level target.
std::shared_ptr<const metrics::window_metrics> unseen_queue(const root_state& r, std::string_view queue_id);

void add_metrics_types(graphql::schema_builder& b);  // Metrics, QueueMetrics, HistoryPoint
void add_status_types(graphql::schema_builder& b);   // SourceStatus, ConnectionState, RejectionCount
std::vector<graphql::schema_builder::field_spec> query_fields();
std::vector<graphql::schema_builder::field_spec> subscription_fields();

}  // namespace wmpulse::api::detail
