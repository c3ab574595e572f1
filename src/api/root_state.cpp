#include "api/root_state.hpp"

namespace wmpulse::api {

queue_index::queue_index(const metrics::metrics_snapshot& snapshot) {
  by_id_.reserve(snapshot.queues.size());
  for (const auto& q : snapshot.queues) by_id_.emplace(q.queue_id, &q.metrics);
}

const metrics::window_metrics* queue_index::find(std::string_view queue_id) const {
  auto it = by_id_.find(queue_id);
  return it == by_id_.end() ? nullptr : it->second;
}

root_state::root_state(std::shared_ptr<const metrics::metrics_snapshot> snapshot,
                       std::shared_ptr<const events::source_status> status,
                       std::shared_ptr<const metrics::history> history,
                       std::shared_ptr<const metrics::thresholds> thresholds)
    : snapshot_(std::move(snapshot)), status_(std::move(status)), history_(std::move(history)),
      thresholds_(std::move(thresholds)) {}

const metrics::metrics_snapshot& root_state::snapshot() const {
  static const metrics::metrics_snapshot empty;
  return snapshot_ ? *snapshot_ : empty;
}

const events::source_status& root_state::status() const {
  static const events::source_status none;
  return status_ ? *status_ : none;
}

const metrics::thresholds& root_state::thresholds() const {
  static const metrics::thresholds none;
  return thresholds_ ? *thresholds_ : none;
}

const queue_index& root_state::queues() const {
  std::call_once(indexed_, [this] { index_.emplace(snapshot()); });
  return *index_;
}

const metrics::window_metrics* root_state::queue(std::string_view queue_id) const { return queues().find(queue_id); }

std::any graphql_root(std::shared_ptr<const root_state> state) { return state; }

const root_state& root_state_of(const std::any& root) {
  static const root_state empty;
  const auto* state = std::any_cast<std::shared_ptr<const root_state>>(&root);
  return state && *state ? **state : empty;
}

}  // namespace wmpulse::api
