#include "app/ingest.hpp"

namespace wmpulse::app {

ingest::ingest(net::asio::io_context& ioc, const core::clock& clock, metrics::aggregator& aggregator,
               metrics::history& history, std::function<void()> on_published)
    : ioc_(ioc), aggregator_(aggregator), history_(history), on_published_(std::move(on_published)),
      status_(std::make_shared<const events::source_status>()), reject_log_limiter_(clock, 1000) {}

void ingest::accept(const events::session_event& event) {
  aggregator_.apply(event);
  schedule_publish();
}

void ingest::reject(events::decode_reason reason, std::string_view detail) {
  std::uint64_t suppressed = 0;
  if (!reject_log_limiter_.allow(events::to_string(reason), suppressed)) return;
  std::string line = "rejected a frame (" + std::string(events::to_string(reason)) + "): " + std::string(detail);
  if (suppressed > 0) line += " (and " + std::to_string(suppressed) + " more like it in the last second)";
  core::log_warn("ingest", line);
  schedule_publish();  // the status counters changed
}

void ingest::set_status_provider(std::function<events::source_status()> provider) {
  status_provider_ = std::move(provider);
}

// Runs after the handlers already queued (the rest of the batch), so a burst of events
// costs one publication, and readers never see part of a batch's bookkeeping.
void ingest::schedule_publish() {
  if (publish_pending_) return;
  publish_pending_ = true;
  net::asio::post(ioc_, [this] { publish(); });
}

void ingest::publish() {
  publish_pending_ = false;
  auto snapshot = aggregator_.shared_snapshot();
  history_.record(snapshot);
  if (status_provider_) status_.store(std::make_shared<const events::source_status>(status_provider_()));
  publisher_.publish(std::move(snapshot));
  if (on_published_) on_published_();
}

}  // namespace wmpulse::app
