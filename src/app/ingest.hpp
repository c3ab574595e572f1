#pragma once
// The ingest side: every source's events go through here into the aggregator, on the one
// ingest thread, a batch at a time (one aggregator apply(span) per batch; with the event clock
// the history gets a point per second the batch passes, from the aggregator). Accepted events and rejected frames are counted here (by
// reason; rejects logged at most once a second per reason). A new snapshot is published with
// the source's status and these counts on every tick, and after a burst of batches: at once
// when none went out for `min_publish_gap_ms` (the leading edge), else when that gap has
// passed, or the shorter `reader_gap_ms` when a reader asked for a fresh one (want_fresh) —
// never per frame or batch, and under a reader that polls non-stop at most once per reader gap.
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "core/log.hpp"
#include "events/event_log.hpp"
#include "events/event_sink.hpp"
#include "events/source.hpp"
#include "metrics/aggregator.hpp"
#include "metrics/history.hpp"
#include "metrics/snapshot_publisher.hpp"
#include "net/net.hpp"

namespace wmpulse::app {

class ingest final : public events::event_sink {
public:
  // `on_published` runs on the ingest thread after each publication (e.g. to wake subscribers).
  ingest(net::asio::io_context& ioc, const core::clock& clock, metrics::aggregator& aggregator,
         metrics::history& history, std::function<void()> on_published, core::millis min_publish_gap_ms = 0,
         core::millis reader_gap_ms = 0);
  ~ingest() override;
  ingest(const ingest&) = delete;
  ingest& operator=(const ingest&) = delete;

  using events::event_sink::accept;
  void accept(std::span<const events::session_event> batch) override;
  void reject(events::decode_reason reason, std::string_view detail) override;

  // With a log, accept() hands each batch to it, and the log delivers what to apply through
  // apply_delivered(); without one, accept() applies at once. Set before the ingest thread runs.
  void set_log(events::event_log& log);
  // Applies a batch the log delivers (ingest thread): the aggregator, the counts, a publication.
  void apply_delivered(std::span<const events::session_event> batch);
  // The ingest thread's timer: lets the log flush. Called by the tick.
  void tick_log();
  // False while the log replays or the node catches up with the stream: the published status
  // then says initial_recovery_done = false, whatever the source says.
  void set_caught_up(bool caught_up);

  // The source whose status is published; read at each publication. It must outlive the
  // ingest thread's work.
  void set_source(const events::source& source);
  // Marks the published status synthetic whatever the source says (the composition root knows
  // that a Genesys connector follows a simulator).
  void mark_synthetic() { synthetic_ = true; }
  // Publishes now (ingest thread). Also what the tick timer calls.
  void publish();
  // Ingest thread: a burst waiting for the end of the gap is published now (the subscription
  // hub's interval has ended: it pushes what has arrived, not the last tick's root).
  void publish_waiting() { publish_if_pending(); }
  // Any thread: a reader wants what has arrived since the last publication; the next burst is
  // published once the reader gap has passed since the last burst's publication.
  void want_fresh() { reader_waiting_.store(true, std::memory_order_relaxed); }

  const metrics::snapshot_publisher& snapshots() const { return publisher_; }
  std::shared_ptr<const events::source_status> status() const { return status_.load(); }

private:
  void schedule_publish();
  void publish_if_pending();
  events::source_status combined_status() const;

  net::asio::io_context& ioc_;
  const core::clock& clock_;
  events::event_log* log_ = nullptr;
  metrics::aggregator& aggregator_;
  metrics::history& history_;
  std::function<void()> on_published_;
  const events::source* source_ = nullptr;
  metrics::snapshot_publisher publisher_;
  std::atomic<std::shared_ptr<const events::source_status>> status_;
  core::rate_limiter reject_log_limiter_;
  bool publish_pending_ = false;
  bool synthetic_ = false;
  core::millis min_publish_gap_ms_;
  core::millis reader_gap_ms_;
  std::optional<core::millis> last_publish_ms_;  // steady time of the last burst's publication
  std::optional<core::millis> publish_due_ms_;   // when the armed gap timer publishes
  net::asio::steady_timer gap_timer_;
  std::atomic<bool> reader_waiting_{false};
  bool caught_up_ = true;

  // What the sources delivered, counted where it arrives.
  std::uint64_t events_ingested_ = 0;
  std::optional<core::millis> newest_event_ms_;
  std::array<std::uint64_t, events::decode_reason_count> rejected_{};
};

}  // namespace wmpulse::app
