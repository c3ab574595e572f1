#include "app/ingest.hpp"

#include <algorithm>

namespace wmpulse::app {

ingest::ingest(net::asio::io_context& ioc, const core::clock& clock, metrics::aggregator& aggregator,
               metrics::history& history, std::function<void()> on_published, core::millis min_publish_gap_ms,
               core::millis reader_gap_ms)
    : ioc_(ioc), clock_(clock), aggregator_(aggregator), history_(history), on_published_(std::move(on_published)),
      status_(std::make_shared<const events::source_status>()), reject_log_limiter_(clock, 1000),
      min_publish_gap_ms_(min_publish_gap_ms), reader_gap_ms_(std::min(reader_gap_ms, min_publish_gap_ms)),
      gap_timer_(ioc) {
  // Event clock: each second's history point as the aggregator leaves that second, inside
  // apply(batch); publications add the current second's (wall clock: the ticks do it all).
  aggregator_.on_second_ended([&history](std::shared_ptr<const metrics::metrics_snapshot> s) { history.record(std::move(s)); });
}

ingest::~ingest() { aggregator_.on_second_ended(nullptr); }

void ingest::accept(std::span<const events::session_event> batch) {
  if (batch.empty()) return;
  if (log_) log_->append(batch, clock_.now_ms());
  else apply_delivered(batch);
}

void ingest::set_log(events::event_log& log) { log_ = &log; }

// Not caught up: the status already published says so at once (the source's own status is
// read only at the next publication, on the ingest thread).
void ingest::set_caught_up(bool caught_up) {
  caught_up_ = caught_up;
  if (caught_up) return schedule_publish();
  auto s = *status_.load();
  s.initial_recovery_done = false;
  status_.store(std::make_shared<const events::source_status>(std::move(s)));
}

void ingest::tick_log() {
  if (log_) log_->tick(clock_.now_ms(), clock_.steady_ms());
}

void ingest::apply_delivered(std::span<const events::session_event> batch) {
  if (batch.empty()) return;
  aggregator_.apply(batch);
  events_ingested_ += batch.size();
  for (const auto& e : batch)
    if (!newest_event_ms_ || e.time_ms > *newest_event_ms_) newest_event_ms_ = e.time_ms;
  schedule_publish();
}

void ingest::reject(events::decode_reason reason, std::string_view detail) {
  ++rejected_[static_cast<std::size_t>(reason)];
  schedule_publish();  // the status counters changed
  std::uint64_t suppressed = 0;
  if (!reject_log_limiter_.allow(events::to_string(reason), suppressed)) return;
  std::string line = "rejected a frame (" + std::string(events::to_string(reason)) + "): " + std::string(detail);
  if (suppressed > 0) line += " (and " + std::to_string(suppressed) + " more like it in the last second)";
  core::log_warn("ingest", line);
}

void ingest::set_source(const events::source& source) { source_ = &source; }

// Runs after the handlers already queued (the rest of the burst), so a burst of batches
// costs one publication, and readers never see part of a burst's bookkeeping. Within the gap
// after a burst's publication it waits for the gap's end instead, or for the reader gap's when
// a reader waits (a reader arriving while the timer is armed brings it forward at the next
// batch). Ticks' publications do not count: they come every --tick whatever arrives, and a
// burst after a quiet interval must go out at once (the leading edge), not wait for the gap
// after a tick.
void ingest::schedule_publish() {
  const bool reader = reader_waiting_.load(std::memory_order_relaxed);
  if (publish_pending_ && !(reader && publish_due_ms_)) return;
  const core::millis now = clock_.steady_ms();
  const core::millis gap = reader ? reader_gap_ms_ : min_publish_gap_ms_;
  const core::millis due = last_publish_ms_ ? *last_publish_ms_ + gap : now;
  if (publish_due_ms_ && due >= *publish_due_ms_ && due > now) return;
  publish_pending_ = true;
  if (due <= now) {
    publish_due_ms_.reset();
    gap_timer_.cancel();
    return net::asio::post(ioc_, [this] { publish_if_pending(); });
  }
  publish_due_ms_ = due;
  gap_timer_.expires_after(std::chrono::milliseconds(due - now));
  gap_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) publish_if_pending();
  });
}

void ingest::publish_if_pending() {
  if (!publish_pending_) return;  // a tick published it meanwhile
  last_publish_ms_ = clock_.steady_ms();
  publish();
}

events::source_status ingest::combined_status() const {
  events::source_status s = source_ ? source_->status() : events::source_status{};
  s.events_ingested = events_ingested_;
  s.last_event_ms = newest_event_ms_;
  s.rejected = rejected_;
  s.initial_recovery_done = s.initial_recovery_done && caught_up_;
  s.synthetic = s.synthetic || synthetic_;
  return s;
}

void ingest::publish() {
  publish_pending_ = false;
  publish_due_ms_.reset();
  reader_waiting_.store(false, std::memory_order_relaxed);
  auto snapshot = aggregator_.shared_snapshot();
  history_.record(snapshot);
  status_.store(std::make_shared<const events::source_status>(combined_status()));
  publisher_.publish(std::move(snapshot));
  if (on_published_) on_published_();
}

}  // namespace wmpulse::app
