#pragma once
// Replays the embedded journal at start through the ingest's apply path, with the aggregator's
// clock at each batch's first arrival, and rebuilds the per-second history as it goes (a
// point for each second the service was up: the journal has a record, or a heartbeat, each).
#include "app/ingest.hpp"
#include "app/replay_clock.hpp"
#include "journal/journal.hpp"
#include "metrics/aggregator.hpp"
#include "metrics/history.hpp"

namespace wmpulse::app {

struct replay_parts {
  journal::journal& log;
  replay_clock& clock;
  const core::clock& real_clock;
  metrics::aggregator& aggregator;
  metrics::history& history;
  ingest& sink;
};

void replay_journal(const replay_parts& parts);

}  // namespace wmpulse::app
