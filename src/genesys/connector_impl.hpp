#pragma once
// The connector's inside, shared by connector*.cpp. Everything runs on the ingest context.
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/backoff.hpp"
#include "genesys/api_client.hpp"
#include "genesys/channel_renewal.hpp"
#include "genesys/connector.hpp"
#include "genesys/gap_messages.hpp"
#include "genesys/http_client.hpp"
#include "genesys/notification_decoder.hpp"
#include "genesys/notification_socket.hpp"
#include "genesys/platform_api.hpp"
#include "genesys/queue_selection.hpp"
#include "genesys/snapshot_differ.hpp"
#include "genesys/token_cache.hpp"
#include "net/wake_signal.hpp"

namespace wmpulse::genesys {

// Thrown out of waits once stop() was called; every spawned task ends on it quietly.
struct stopped_error {};

// One channel and the socket(s) delivering its topics (≤ topics_per_channel).
struct shard {
  shard(std::size_t i, net::asio::any_io_executor ex, const config& c)
      : index(i), backoff(c.reconnect_base_ms, c.reconnect_cap_ms), down(std::move(ex)) {}
  std::size_t index;
  std::vector<std::string> topics;
  std::optional<channel_info> channel;
  std::size_t permitted = 0;  // topics the channel accepted
  std::size_t rejected = 0;   // and refused (logged)
  std::vector<std::shared_ptr<notification_socket>> live;
  bool replacing = false;                  // a socket_closing replacement is connecting
  std::optional<core::millis> down_since;  // event time it lost its last socket (event_time_now)
  std::optional<renewal_schedule> renewal;  // when to resubscribe (none when `expires` was missing)
  std::uint64_t token_generation = 0;       // tokens issued when the channel was created
  std::optional<core::millis> token_expires_at;  // steady reading: that token's expiry
  bool renewing = false;                    // a resubscription or a move to a new token is under way
  // After a move to a new channel: the old socket(s), still read until they repeat an event the
  // new one delivered (so nothing sent to them alone is left unread), or until a deadline.
  struct handover_drain {
    std::uint64_t id = 0;
    core::millis began = 0;  // event time the move began: recovered from if no repeat comes
    std::vector<std::shared_ptr<notification_socket>> old;
    const notification_socket* fresh = nullptr;
    std::unordered_set<std::size_t> from_old, from_fresh;  // event frames read since, hashed
  };
  std::optional<handover_drain> drain;
  upgrade_failures upgrades;
  core::backoff backoff;
  net::wake_signal down;  // notified when `live` empties with no replacement pending
};

struct connector::impl : std::enable_shared_from_this<connector::impl> {
  impl(net::asio::io_context& ingest, const core::clock& clock, config cfg, events::event_sink& sink);

  // Lifecycle (connector.cpp).
  void spawn(net::asio::awaitable<void> task, std::string_view what);
  // A long-lived loop: restarted with backoff when an unexpected exception ends it.
  using task_factory = std::function<net::asio::awaitable<void>()>;
  void supervise(task_factory make, std::string what);
  net::asio::awaitable<void> run_supervised(const task_factory* make, const std::string* what);
  void note_unexpected(std::string_view what, std::string_view why);
  net::asio::awaitable<void> sleep(core::millis ms);
  void check_stopping() const;
  void fail(const std::string& message);
  void stop();
  net::asio::awaitable<void> run();
  net::asio::awaitable<std::vector<std::string>> initial_queues();
  void note_queue_list(std::vector<events::queue_label> listed);
  void refresh_queue_labels();  // status: the names of the followed queues

  // Frames and events (connector.cpp): a frame is decoded, then acted on by its kind.
  using verdict = notification_socket::verdict;
  verdict handle_frame(shard& sh, std::string_view frame, const notification_socket* from = nullptr);
  void reject(const events::decode_error& e);
  verdict act_on(shard& sh, const channel_metadata& m, core::millis now);
  verdict act_on(shard& sh, const channel_reply& m, core::millis now);
  verdict act_on(shard& sh, const socket_closing& m, core::millis now);
  verdict act_on(shard& sh, const channel_not_found& m, core::millis now);
  verdict act_on(shard& sh, const channel_dropped& m, core::millis now);
  verdict act_on(shard& sh, const other_topic& m, core::millis now);
  verdict act_on(shard& sh, const queue_conversation& m, core::millis now);
  void deliver(std::vector<events::session_event>& batch, bool live);
  void update_status();  // the connection state from the channels' state
  events::source_status current_status();

  // Streams (connector_stream.cpp).
  void add_queues(const std::vector<std::string>& queue_ids);
  net::asio::awaitable<void> shard_loop(shard& sh);
  net::asio::awaitable<bool> open_socket(shard& sh);
  net::asio::awaitable<bool> ensure_channel(shard& sh);
  std::shared_ptr<notification_socket> new_socket(const std::string& uri);
  void became_live(shard& sh, std::shared_ptr<notification_socket> sock);
  net::asio::awaitable<void> read_socket(shard& sh, notification_socket* raw);
  net::asio::awaitable<void> add_topics(shard& sh, std::size_t first_new);
  net::asio::awaitable<void> hand_over(shard& sh);
  bool all_live() const;
  bool handle_api_error(const api_error& e, std::string_view what);
  struct fresh_channel {
    channel_info info;
    subscription_outcome topics;
  };
  net::asio::awaitable<std::optional<fresh_channel>> new_channel(const shard& sh);
  void adopt_channel(shard& sh, fresh_channel ch);

  // Channel lifetime (connector_renewal.cpp): resubscribe before `expires`, move channels to a
  // refreshed token.
  net::asio::awaitable<void> renewal_loop();
  net::asio::awaitable<void> renew_channel(shard& sh);
  net::asio::awaitable<void> move_channel(shard& sh);
  core::millis next_renewal_check() const;
  void start_drain(shard& sh, std::vector<std::shared_ptr<notification_socket>> old, const notification_socket* fresh,
                   core::millis began, core::millis limit_ms);
  void note_drained_frame(shard& sh, const notification_socket* from, std::string_view frame);
  // caught_up false: no sign both delivered at once, so the interval since the move began is recovered.
  void end_drain(shard& sh, std::string_view why, bool caught_up);
  net::asio::awaitable<void> drain_deadline(shard& sh, std::uint64_t id, core::millis limit_ms);

  // Gap recovery and housekeeping (connector_backfill.cpp).
  // lost_socket: a channel had no socket (a gap), not a periodic reconciliation; its recovery
  // also fetches the messages of the conversations open across it (connector_messages.cpp).
  void request_backfill(core::millis gap_start, bool lost_socket = true);
  net::asio::awaitable<void> backfill_loop();
  net::asio::awaitable<bool> run_backfill(bool startup, core::millis gap_start, bool lost_socket);
  // The messages a socket gap lost (connector_messages.cpp).
  void queue_gap_messages(const details_result& read, core::millis gap_start);
  net::asio::awaitable<void> gap_messages_loop();
  struct gap_fetch_tally {
    std::size_t chosen = 0, fetched = 0, live = 0, gone = 0, messages = 0;
  };
  void log_gap_messages(const gap_fetch_tally& t);
  void drop_first_gap_fetch();
  net::asio::awaitable<bool> read_intervals(std::vector<details_query> queries, details_result& into);
  net::asio::awaitable<bool> look_up(const std::vector<std::string>& ids, details_result& into);
  enum class answer { read, refused, failed };
  answer judge(api_outcome<details_result>& r, details_result& into);
  void give_up(const std::string& what, const api_error& why);
  void apply_recovered(std::string_view kind, const details_query& whole, std::size_t looked_up, const details_result& read);
  // The newest event time seen (the wall clock before any): gaps are placed in event time.
  core::millis event_time_now() const;
  net::asio::awaitable<void> sweep_loop();
  net::asio::awaitable<void> rediscovery_loop();
  net::asio::awaitable<void> reconcile_loop();
  core::millis query_end() const;

  net::asio::io_context& ioc_;
  const core::clock& clock_;
  config cfg_;
  events::event_sink& sink_;
  net::ssl::context tls_;
  beast_http_transport transport_;
  token_cache tokens_;
  api_client api_;
  snapshot_differ differ_;

  std::vector<std::unique_ptr<shard>> shards_;
  std::set<std::string> known_queues_;
  std::vector<events::queue_label> listed_queues_;  // the last routing queue list, sorted by id
  std::function<void(const std::string&)> fatal_handler_;
  bool started_ = false;
  bool stopping_ = false;
  bool failed_ = false;
  bool ever_all_live_ = false;
  bool startup_backfill_pending_ = true;
  std::optional<core::millis> backfill_from_;   // event time
  bool backfill_lost_socket_ = false;            // the pending recovery covers a socket gap
  bool backfill_running_ = false;                // gap messages wait for it (recoveries first)
  std::optional<core::millis> recovered_through_;  // event time as of the last recovery's start
  core::millis refused_span_ = 0;  // the shortest query interval the API refused (0: none yet)
  core::backoff refusal_backoff_{cfg_.reconnect_base_ms, cfg_.reconnect_cap_ms};  // between refused requests
  net::wake_signal backfill_wake_;
  std::deque<gap_fetch> gap_fetches_;            // conversations whose messages a gap may have lost
  std::unordered_set<std::string> gap_fetch_ids_;  // those queued: a follow-up recovery reads some again
  net::wake_signal gap_fetch_wake_;
  std::list<net::asio::steady_timer*> sleepers_;  // cancelled by stop()
  std::list<std::pair<task_factory, std::string>> supervised_;  // stable addresses for run_supervised
  core::backoff restart_backoff_{1000, 60'000};
  std::optional<core::millis> newest_event_ms_;
  std::vector<events::session_event> scratch_;
  std::uint64_t other_topic_frames_ = 0;
  std::uint64_t handovers_ = 0;
  std::uint64_t channel_renewals_ = 0;
  std::uint64_t channel_token_moves_ = 0;
  std::uint64_t drains_started_ = 0;
  std::uint64_t channels_lost_on_upgrade_ = 0;
  skip_counts skipped_{};  // unreadable snapshot entries, by reason

  events::source_status work_;      // the common part; its Genesys figures are built by current_status()
  events::genesys_figures figures_;  // backfills and lag; channels and topics are counted from shards_
};

}  // namespace wmpulse::genesys
