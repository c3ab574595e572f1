#include "app/journal_replay.hpp"

#include <cstdio>

#include "core/log.hpp"

namespace wmpulse::app {
namespace {

core::millis second_of(core::millis t) { return t >= 0 ? t / 1000 : (t - 999) / 1000; }

// Heartbeats come about once a second; a longer gap between two records is time the service
// was down, which the history leaves out.
constexpr core::millis up_gap_ms = 2'500;

}  // namespace

replay_recorder::replay_recorder(const replay_parts& parts, core::millis history_from) : p_(parts), history_from_(history_from) {}

// The history points from the second of `previous` up to (not including) the second of `next`:
// the state as each second ended, as the tick recorded it the first time.
void replay_recorder::close_seconds(core::millis previous, core::millis next) {
  if (previous >= history_from_) p_.history.record(p_.aggregator.shared_snapshot());
  if (next - previous > up_gap_ms) return;
  for (auto s = second_of(previous) + 1; s < second_of(next); ++s) {
    if (s * 1000 < history_from_) continue;
    p_.clock.pin(s * 1000 + 999);
    p_.history.record(p_.aggregator.shared_snapshot());
  }
}

void replay_recorder::record(core::millis arrived_ms, std::span<const events::session_event> batch) {
  if (previous_ && second_of(arrived_ms) != second_of(*previous_)) close_seconds(*previous_, arrived_ms);
  p_.clock.pin(arrived_ms);
  p_.sink.apply_delivered(batch);
  previous_ = arrived_ms;
}

void replay_recorder::finish() {
  if (previous_) p_.history.record(p_.aggregator.shared_snapshot());
  p_.clock.release();
}

std::optional<core::millis> replay_journal(journal::journal& log, const replay_parts& p) {
  const auto started = p.real_clock.steady_ms();
  replay_recorder recorder(p, log.last_record_ms().value_or(0) - p.history.capacity_seconds() * 1000);
  std::optional<core::millis> newest;
  log.replay(
      [&](core::millis arrived_ms, std::span<const events::session_event> batch) {
        for (const auto& e : batch)
          if (!newest || e.time_ms > *newest) newest = e.time_ms;
        recorder.record(arrived_ms, batch);
      },
      p.real_clock.now_ms(), p.real_clock.steady_ms());
  recorder.finish();
  const auto& s = log.stats();
  const auto took = std::max<core::millis>(1, p.real_clock.steady_ms() - started);
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.0f", static_cast<double>(s.events_replayed) * 1000.0 / static_cast<double>(took));
  core::log_info("journal", "replayed " + std::to_string(s.events_replayed) + " events in " +
                                std::to_string(s.records_replayed) + " records (" + std::to_string(s.bytes_replayed) +
                                " bytes) in " + std::to_string(took) + " ms: " + rate + " events/s");
  return newest;
}

}  // namespace wmpulse::app
