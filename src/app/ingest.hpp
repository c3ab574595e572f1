#pragma once
// The ingest side: every source's events go through here into the aggregator, on the one
// ingest thread. Rejected frames are counted by reason and logged at most once a second per
// reason. After each batch of events (and on every tick) a new snapshot is published.
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <string_view>

#include "core/log.hpp"
#include "events/event_sink.hpp"
#include "events/source_status.hpp"
#include "metrics/aggregator.hpp"
#include "metrics/history.hpp"
#include "metrics/snapshot_publisher.hpp"
#include "net/net.hpp"

namespace wmpulse::app {

class ingest final : public events::event_sink {
public:
  // `on_published` runs on the ingest thread after each publication (e.g. to wake subscribers).
  ingest(net::asio::io_context& ioc, const core::clock& clock, metrics::aggregator& aggregator,
         metrics::history& history, std::function<void()> on_published);

  void accept(const events::session_event& event) override;
  void reject(events::decode_reason reason, std::string_view detail) override;

  // Where the source's status comes from; read at each publication.
  void set_status_provider(std::function<events::source_status()> provider);
  // Publishes now (ingest thread). Also what the tick timer calls.
  void publish();

  const metrics::snapshot_publisher& snapshots() const { return publisher_; }
  std::shared_ptr<const events::source_status> status() const { return status_.load(); }

private:
  void schedule_publish();

  net::asio::io_context& ioc_;
  metrics::aggregator& aggregator_;
  metrics::history& history_;
  std::function<void()> on_published_;
  std::function<events::source_status()> status_provider_;
  metrics::snapshot_publisher publisher_;
  std::atomic<std::shared_ptr<const events::source_status>> status_;
  core::rate_limiter reject_log_limiter_;
  bool publish_pending_ = false;
};

}  // namespace wmpulse::app
