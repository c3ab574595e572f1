#pragma once
// The Prometheus text exposition format, version 0.0.4, for GET /metrics.
#include <string>
#include <string_view>

#include "events/source_status.hpp"
#include "metrics/snapshot.hpp"

namespace wmpulse::metrics {

inline constexpr std::string_view prometheus_content_type = "text/plain; version=0.0.4; charset=utf-8";

// Every family has HELP and TYPE lines and the wmpulse_ prefix; counters end in _total;
// per-queue series carry a queue label, rejected frames a reason label (values escaped).
std::string render_prometheus(const metrics_snapshot& snapshot, const events::source_status& status);

// Label-value escaping of the format: backslash, double quote and newline.
std::string escape_label_value(std::string_view value);

}  // namespace wmpulse::metrics
