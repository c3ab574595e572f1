#pragma once
// The source of a cluster node (--nats): the configured source runs only while this node holds
// the lease. Gaining it builds and starts a fresh source on the ingest thread once this node has
// read the stream to its head, telling the source the newest event time in it: a source that
// takes over from an earlier leader recovers the time since then as a gap. Losing the lease
// stops the running source at once (from the lease keeper's thread). A stopped source is kept
// until the service ends: handlers it queued may still run. The status is the running source's,
// or a follower's (connected while NATS is), with the role, the lease holder and the stream lag.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "cluster/jetstream_log.hpp"
#include "cluster/lease_keeper.hpp"
#include "events/source.hpp"
#include "net/net.hpp"

namespace wmpulse::app {

class leased_source final : public events::source {
public:
  // Called with the newest event time in the stream (nullopt: the stream holds none).
  using factory = std::function<std::unique_ptr<events::source>(std::optional<core::millis> stream_newest_event_ms)>;
  leased_source(net::asio::io_context& ingest, factory make, std::string kind, cluster::nats_connection& nats,
                cluster::lease_keeper& lease, cluster::jetstream_log& log);
  ~leased_source() override;

  void start() override;
  void stop() override;
  events::source_status status() const override;
  void on_fatal(fatal_handler handler) override { fatal_ = std::move(handler); }

private:
  void lease_changed(bool holding);
  void begin();  // ingest thread

  net::asio::io_context& ingest_;
  factory make_;
  std::string kind_;
  cluster::nats_connection& nats_;
  cluster::lease_keeper& lease_;
  cluster::jetstream_log& log_;
  fatal_handler fatal_;
  mutable std::mutex mutex_;
  events::source* running_ = nullptr;  // guarded by mutex_
  std::vector<std::unique_ptr<events::source>> sources_;  // every one built, ingest thread
  bool stopped_ = false;
};

}  // namespace wmpulse::app
