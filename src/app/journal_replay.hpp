#pragma once
// Replays a log through the ingest's apply path, with the aggregator's clock at each batch's
// first arrival, and rebuilds the per-second history as it goes (a point for each second the
// service was up: the journal has a record, or a heartbeat, each). The embedded journal replays
// at start in one go (replay_journal); the cluster's stream feeds a replay_recorder batch by
// batch until it has caught up.
#include <optional>

#include "app/ingest.hpp"
#include "app/replay_clock.hpp"
#include "journal/journal.hpp"
#include "metrics/aggregator.hpp"
#include "metrics/history.hpp"

namespace wmpulse::app {

struct replay_parts {
  replay_clock& clock;
  const core::clock& real_clock;
  metrics::aggregator& aggregator;
  metrics::history& history;
  ingest& sink;
};

class replay_recorder {
public:
  // Only the seconds from `history_from` on (what the history keeps) need a snapshot.
  replay_recorder(const replay_parts& parts, core::millis history_from);
  void record(core::millis arrived_ms, std::span<const events::session_event> batch);
  // The last point, and the aggregator back on the real clock.
  void finish();

private:
  void close_seconds(core::millis previous, core::millis next);

  replay_parts p_;
  core::millis history_from_;
  std::optional<core::millis> previous_;
};

// Returns the newest event time in the journal (nullopt: it holds none).
std::optional<core::millis> replay_journal(journal::journal& log, const replay_parts& parts);

}  // namespace wmpulse::app
