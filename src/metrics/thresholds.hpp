#pragma once
// Thresholds: when a queue figure is worth a supervisor's attention (docs/METRICS.md,
// "Thresholds"). Per queue (by id or name) over a default; each figure has a warn and an
// alert level, and each queue a service level target.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "events/source_status.hpp"
#include "metrics/snapshot.hpp"

namespace wmpulse::metrics {

enum class level : std::uint8_t { ok, warn, alert };
std::string_view to_string(level l);  // "OK", "WARN", "ALERT" (the GraphQL enum values)

// One figure's levels; an unset one is never reached.
struct limit {
  std::optional<double> warn;
  std::optional<double> alert;
  bool set() const { return warn || alert; }
};

// A [thresholds.…] table. A figure the table leaves unset (neither level) falls back, both
// levels together, to the default table.
struct queue_thresholds {
  limit waiting;
  limit longest_waiting_ms;
  limit service_level;  // lower is worse
  limit abandon_rate;
  limit avg_first_response_ms;
  std::optional<core::millis> service_level_target_ms;
};

// The level `figure` reaches: at or above a level (at or below it when lower is worse);
// nullopt when the figure is.
std::optional<level> level_of(std::optional<double> figure, const limit& l, bool lower_is_worse);

struct metric_levels {
  std::optional<level> waiting;
  std::optional<level> longest_waiting_ms;
  std::optional<level> service_level;
  std::optional<level> abandon_rate;
  std::optional<level> avg_first_response_ms;
};
// Every figure's level; all nullopt when the source knows no queues (no contact figures).
metric_levels levels_of(const std::optional<contact_metrics>& m, const queue_thresholds& t);

// What is wrong with a table's levels (a warn worse than its alert), naming the key; empty if nothing.
std::string check_order(const queue_thresholds& t);

struct thresholds {
  queue_thresholds defaults;
  std::map<std::string, queue_thresholds, std::less<>> queues;  // key: queue id or name

  // The thresholds queue `id` (named `name`; empty when unknown) is judged by: its own table
  // (found by id, else by name) over the defaults. Overall figures: for_queue("", "").
  queue_thresholds for_queue(std::string_view id, std::string_view name) const;
  // The per-queue service level targets by queue id: tables keyed by a listed name apply to
  // that queue's id, other keys are taken as ids. A table keyed by id wins over one by name.
  std::unordered_map<std::string, core::millis> targets_by_id(const std::vector<events::queue_label>& labels) const;
};

}  // namespace wmpulse::metrics
