#include "app/journal_replay.hpp"

#include <cstdio>

#include "core/log.hpp"

namespace wmpulse::app {
namespace {

core::millis second_of(core::millis t) { return t >= 0 ? t / 1000 : (t - 999) / 1000; }

// Heartbeats come about once a second; a longer gap between two records is time the service
// was down, which the history leaves out.
constexpr core::millis up_gap_ms = 2'500;

// The history points from the second of `previous` up to (not including) the second of `next`:
// the state as each second ended, as the tick recorded it the first time.
void close_seconds(const replay_parts& p, core::millis previous, core::millis next, core::millis history_from) {
  if (previous >= history_from) p.history.record(p.aggregator.shared_snapshot());
  if (next - previous > up_gap_ms) return;
  for (auto s = second_of(previous) + 1; s < second_of(next); ++s) {
    if (s * 1000 < history_from) continue;
    p.clock.pin(s * 1000 + 999);
    p.history.record(p.aggregator.shared_snapshot());
  }
}

}  // namespace

void replay_journal(const replay_parts& p) {
  const auto started = p.real_clock.steady_ms();
  // Only the seconds the history keeps need a snapshot.
  const auto history_from = p.log.last_record_ms().value_or(0) - p.history.capacity_seconds() * 1000;
  std::optional<core::millis> previous;
  p.log.replay(
      [&](core::millis arrived_ms, std::span<const events::session_event> batch) {
        if (previous && second_of(arrived_ms) != second_of(*previous)) close_seconds(p, *previous, arrived_ms, history_from);
        p.clock.pin(arrived_ms);
        p.sink.apply_delivered(batch);
        previous = arrived_ms;
      },
      p.real_clock.now_ms(), p.real_clock.steady_ms());
  if (previous) p.history.record(p.aggregator.shared_snapshot());
  p.clock.release();
  const auto& s = p.log.stats();
  const auto took = std::max<core::millis>(1, p.real_clock.steady_ms() - started);
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.0f", static_cast<double>(s.events_replayed) * 1000.0 / static_cast<double>(took));
  core::log_info("journal", "replayed " + std::to_string(s.events_replayed) + " events in " +
                                std::to_string(s.records_replayed) + " records (" + std::to_string(s.bytes_replayed) +
                                " bytes) in " + std::to_string(took) + " ms: " + rate + " events/s");
}

}  // namespace wmpulse::app
