#pragma once
// The sliding-window aggregator: session events in, metrics snapshots out.
// Single-threaded (the ingest thread); readers get immutable snapshots via snapshot_publisher.
// O(1) amortized per event and per expiry; memory bounded by the config's caps.
// Exact semantics: docs/METRICS.md.
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "events/session_event.hpp"
#include "metrics/aggregator_config.hpp"
#include "metrics/snapshot.hpp"

namespace wmpulse::metrics {

class aggregator {
public:
  // Throws std::invalid_argument when config.validate() finds a problem. The clock must
  // outlive the aggregator (it is only read in wall mode).
  aggregator(const aggregator_config& config, const core::clock& clock);
  ~aggregator();
  aggregator(const aggregator&) = delete;
  aggregator& operator=(const aggregator&) = delete;

  void apply(const events::session_event& event);
  // The same as applying each event in turn; faster on large session tables, because it
  // prefetches the index entries and session records of the events a few places ahead.
  void apply(std::span<const events::session_event> batch);
  // Per-queue service level targets by queue id; other queues keep the configured one. An
  // answer is judged by its queue's target when it is counted: a change applies to later ones.
  void set_service_level_targets(std::unordered_map<std::string, core::millis> by_queue_id);
  // Event mode: called inside apply, before an event moves now into a later second, with the
  // snapshot as the earlier second ended (its last state, taken at the old now): one call per
  // second that ends, however many seconds one batch spans. The history's per-second points
  // come from here, so they do not depend on how events are batched. Not called for the first
  // event, nor in wall mode (there the ticks' publications record each second).
  using second_ended_handler = std::function<void(std::shared_ptr<const metrics_snapshot>)>;
  void on_second_ended(second_ended_handler handler);
  // Moves now to the clock (wall mode) and expires what fell out of the window.
  void tick();
  // Ticks, then returns the metrics as of now.
  metrics_snapshot snapshot();
  std::shared_ptr<const metrics_snapshot> shared_snapshot();

  core::millis now() const;
  const aggregator_config& config() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace wmpulse::metrics
