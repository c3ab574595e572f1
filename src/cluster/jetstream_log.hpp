#pragma once
// The cluster's event log: a JetStream stream every node reads. append() (the lease holder's
// ingest thread) publishes each event as one message whose Nats-Msg-Id is its event id, so the
// stream's duplicate window drops what a second publisher sends again. Every node — the
// publisher too — reads the stream from the start of its retention with an ordered consumer
// and delivers what comes back, in stream order, on the ingest thread (drain()). An event
// whose id was delivered already is dropped there too, so a copy older than the duplicate
// window (a new leader's start-up backfill resends the day) is never counted twice — on every
// node alike, since every node reads the same order.
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/unordered/unordered_flat_set.hpp>

#include "cluster/event_message.hpp"
#include "cluster/nats_connection.hpp"
#include "events/event_log.hpp"

struct __natsSubscription;
struct __natsMsg;
struct __natsConnection;
struct __jsCtx;
struct jsPubAckErr;

namespace wmpulse::cluster {

struct stream_options {
  std::string name = "wmpulse";  // stream name; subject "<name>.events"
  core::millis retention_ms = 86'400'000;  // 0: keep everything
  core::millis duplicate_window_ms = 600'000;
  int replicas = 1;
  // A publish the stream has not acknowledged by then (lost with a server that died, say) is
  // sent again at the next tick, with the same id.
  core::millis publish_ack_wait_ms = 5'000;
};

struct log_stats {
  std::atomic<std::uint64_t> published{0};
  std::atomic<std::uint64_t> publish_retries{0};
  std::atomic<std::uint64_t> publish_failures{0};  // given up (the server refused the message)
  std::atomic<std::uint64_t> not_holding_dropped{0};  // appended after the lease lapsed: not published
  std::atomic<std::uint64_t> received{0};
  std::atomic<std::uint64_t> duplicates_dropped{0};
  std::atomic<std::uint64_t> undecodable{0};
};

class jetstream_log final : public events::event_log {
public:
  // `wake` (any thread) asks for drain() on the ingest thread; `may_publish` (ingest thread)
  // says whether this node holds the lease. Creates or updates the stream and subscribes;
  // throws std::runtime_error naming what failed.
  jetstream_log(nats_connection& nats, stream_options options, delivery deliver, std::function<void()> wake,
                std::function<bool()> may_publish);
  ~jetstream_log() override;
  jetstream_log(const jetstream_log&) = delete;
  jetstream_log& operator=(const jetstream_log&) = delete;

  void append(std::span<const events::session_event> batch, core::millis arrived_ms) override;
  // Republishes what the server did not acknowledge.
  void tick(core::millis now_ms, core::millis steady_ms) override;
  // Ingest thread: delivers what the consumer received, in order, consecutive events of one
  // arrival as one batch.
  void drain();

  // The stream's head was reached once since start (the replay is over).
  bool caught_up() const { return caught_up_; }
  // Ingest thread: runs `then` once caught_up() (at once if it is); replaces one still waiting.
  void when_caught_up(std::function<void()> then);
  // The newest event time read from the stream so far (ingest thread); nullopt before any.
  std::optional<core::millis> newest_event_ms() const { return newest_event_ms_; }
  // Messages in the stream after the last one delivered; nullopt before the first.
  std::optional<std::uint64_t> lag() const;
  const log_stats& stats() const { return stats_; }

private:
  static void on_message(::__natsConnection*, ::__natsSubscription*, ::__natsMsg* msg, void* self);
  static void on_publish_error(::__jsCtx*, ::jsPubAckErr* pae, void* self);
  void ensure_stream();
  void subscribe();
  void publish(const std::string& id, const std::string& body);
  bool seen_before(const std::string& id, core::millis arrived_ms);

  nats_connection& nats_;
  stream_options options_;
  std::string subject_;
  delivery deliver_;
  std::function<void()> wake_;
  std::function<bool()> may_publish_;
  __natsSubscription* sub_ = nullptr;
  __jsCtx* publisher_ = nullptr;

  std::mutex mutex_;  // the consumer's thread and the ingest thread
  std::vector<stream_record> received_;
  std::vector<std::pair<std::string, std::string>> retry_;  // id, body

  // Ingest thread only.
  bool caught_up_ = false;
  std::function<void()> on_caught_up_;
  std::optional<core::millis> newest_event_ms_;
  boost::unordered_flat_set<std::uint64_t> seen_;
  std::deque<std::pair<core::millis, std::uint64_t>> seen_order_;  // for the retention
  std::string body_;

  std::atomic<std::int64_t> pending_{-1};
  std::atomic<bool> started_empty_{false};
  log_stats stats_;
};

}  // namespace wmpulse::cluster
