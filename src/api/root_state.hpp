#pragma once
// The root every GraphQL operation runs against, typed: one publication's snapshot, source
// status and history, with the snapshot's queues indexed by id. Any part may be absent (before
// the first snapshot); the accessors then answer with an empty snapshot and status, so the
// resolvers give zeros / empty lists, never invented numbers. Immutable once made, and shared:
// the app makes one per publication and every operation of that tick reads it.
#include <any>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "events/source_status.hpp"
#include "metrics/history.hpp"
#include "metrics/snapshot.hpp"
#include "metrics/thresholds.hpp"

namespace wmpulse::api {

// The queues of one snapshot by id; `snapshot` must outlive it.
class queue_index {
public:
  explicit queue_index(const metrics::metrics_snapshot& snapshot);
  // The queue's metrics, or nullptr when the snapshot has not seen it.
  const metrics::window_metrics* find(std::string_view queue_id) const;
  std::size_t size() const { return by_id_.size(); }

private:
  std::unordered_map<std::string_view, const metrics::window_metrics*> by_id_;
};

class root_state {
public:
  root_state() = default;
  root_state(std::shared_ptr<const metrics::metrics_snapshot> snapshot,
             std::shared_ptr<const events::source_status> status, std::shared_ptr<const metrics::history> history,
             std::shared_ptr<const metrics::thresholds> thresholds = nullptr);
  root_state(const root_state&) = delete;
  root_state& operator=(const root_state&) = delete;

  const metrics::metrics_snapshot& snapshot() const;
  const events::source_status& status() const;
  const std::shared_ptr<const metrics::history>& history() const { return history_; }
  const metrics::thresholds& thresholds() const;  // none configured: every level OK
  // Queue `queue_id`'s metrics in the snapshot, or nullptr when it has not been seen. Answered
  // by the index, made at the first lookup and shared by every operation of the tick.
  const metrics::window_metrics* queue(std::string_view queue_id) const;
  const queue_index& queues() const;

private:
  std::shared_ptr<const metrics::metrics_snapshot> snapshot_;
  std::shared_ptr<const events::source_status> status_;
  std::shared_ptr<const metrics::history> history_;
  std::shared_ptr<const metrics::thresholds> thresholds_;
  mutable std::once_flag indexed_;
  mutable std::optional<queue_index> index_;
};

// `state` as the GraphQL engine's root value: what the transports hand graphql::service::execute.
std::any graphql_root(std::shared_ptr<const root_state> state);
// The root_state in a root value from graphql_root; an empty one when it holds none. The one
// place the API converts the engine's generic root.
const root_state& root_state_of(const std::any& root);

}  // namespace wmpulse::api
