#pragma once
// The Prometheus text exposition format, version 0.0.4, for GET /metrics. Every series is
// listed in docs/PROMETHEUS.md.
#include <optional>
#include <string>
#include <string_view>

#include "core/process_stats.hpp"
#include "events/source_status.hpp"
#include "metrics/snapshot.hpp"

namespace wmpulse::metrics {

inline constexpr std::string_view prometheus_content_type = "text/plain; version=0.0.4; charset=utf-8";

// What the process knows of itself: wmpulse_build_info and the process_* series.
struct exporter_facts {
  std::string version;
  std::string build;     // revision and build type
  std::string compiler;
  std::optional<core::process_stats> process;  // nullopt: no process_* series
};

// Every family has HELP and TYPE lines; counters end in _total and count since the process
// started; durations are histograms in seconds; per-queue series carry a `queue` label.
// Families with no sample (e.g. the queue figures of a source without queues) are left out.
std::string render_prometheus(const metrics_snapshot& snapshot, const events::source_status& status,
                              const exporter_facts& facts = {});

// Label-value escaping of the format: backslash, double quote and newline.
std::string escape_label_value(std::string_view value);

}  // namespace wmpulse::metrics
