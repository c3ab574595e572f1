#pragma once
// The simulator's state and behaviour, independent of sockets: the simulated clock, the
// timeline, tokens, channels, faults, and the streaming peers it publishes to. One thread
// (the server's io_context) calls it; tests call it directly with a manual wall clock.
#include <deque>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "sim/channels.hpp"
#include "sim/faults.hpp"
#include "sim/http_types.hpp"
#include "sim/stream_peer.hpp"
#include "sim/timeline.hpp"
#include "sim/tokens.hpp"

namespace wmpulse::sim {

// Which roles a listener serves: login (/oauth/token), api (/api/v2/…, /sim/…), stream
// (channel WebSockets and the tutorial stream).
enum role : unsigned { role_login = 1, role_api = 2, role_stream = 4, role_all = 7 };

struct sim_options {
  workload_config workload;
  double speed = 1;  // simulated seconds per wall second
  std::string client_id = "wmpulse-sim-client";
  std::string client_secret = "wmpulse-sim-secret";
  millis token_lifetime_ms = 86'400'000;
  int requests_per_minute = 300;
  millis details_max_interval_ms = 0;  // the details query refuses longer intervals (400); 0 = none
  channel_limits channels;
  millis heartbeat_ms = 30'000;        // wall time
  millis closing_delay_ms = 60'000;    // socket_closing -> close, wall time
  millis attach_delay_ms = 0;          // a new socket gets its channel's events this long after the upgrade, wall time
  bool tutorial_no_auth = false;       // accept the tutorial stream without a token
  bool paused = false;                 // simulated clock frozen at the start until resume()
  fault_rates rates;
  std::vector<scheduled_fault> faults;
};

class simulator {
public:
  simulator(sim_options options, const core::clock& wall);

  // Simulated now: start + (wall elapsed since resume) × speed; the start while paused.
  millis sim_now() const;
  // Starts the simulated clock of a simulator created paused (no-op otherwise).
  void resume();
  bool paused() const { return paused_; }
  const sim_options& options() const { return options_; }
  const timeline& line() const { return timeline_; }
  token_store& tokens() { return tokens_; }
  channel_registry& channels() { return channels_; }

  // Base URL of the streaming role, e.g. "ws://127.0.0.1:PORT" (set once listening).
  void set_stream_base(std::string base) { stream_base_ = std::move(base); }
  const std::string& stream_base() const { return stream_base_; }

  // Publishes everything due by sim_now(), sends heartbeats, runs due faults and delayed closes,
  // sweeps expired channels. Call often (the server does every few wall milliseconds).
  void tick();

  // One HTTP exchange; `roles` are those of the listener it arrived on.
  answer handle(const net::http_request_view& request, unsigned roles);

  // Streaming sockets. Return false (with an HTTP status) when the upgrade must be refused.
  bool accept_channel_socket(const std::string& channel_id, std::shared_ptr<stream_peer> peer, unsigned& status);
  // The HTTP status every upgrade to this channel gets after a refuse_upgrades fault; 0 if none.
  unsigned upgrade_refusal(const std::string& channel_id) const {
    const auto it = refused_upgrades_.find(channel_id);
    if (it != refused_upgrades_.end()) return it->second;
    return refused_new_upgrades_ && !channels_at_refusal_.contains(channel_id) ? refused_new_upgrades_ : 0;
  }
  void on_channel_text(const std::shared_ptr<stream_peer>& peer, std::string_view text);
  // The tutorial stream takes ?access_token= or a Bearer header (or nothing with tutorial_no_auth).
  bool tutorial_authorized(const net::http_request_view& request) const;
  void accept_tutorial_socket(std::shared_ptr<stream_peer> peer);
  void on_tutorial_text(const std::shared_ptr<stream_peer>& peer, std::string_view text);

  // Applies one fault now; false with `error` set when the command is invalid.
  bool apply_fault(const fault_command& command, std::string& error);

  // Open channel sockets, and tutorial sockets that have sent their subscription.
  std::size_t channel_sockets() const;
  std::size_t tutorial_subscribers() const;

  struct counters {
    std::uint64_t snapshots = 0;      // snapshots published (before faults)
    std::uint64_t frames_sent = 0;    // envelope frames handed to channel sockets
    std::uint64_t tutorial_sent = 0;  // tutorial frames handed to sockets
    std::uint64_t lost_in_gap = 0;
    std::uint64_t duplicated = 0;
    std::uint64_t reordered = 0;
    std::uint64_t garbage = 0;
    std::uint64_t heartbeats = 0;
    std::uint64_t requests = 0;
    std::uint64_t throttled = 0;
    std::uint64_t details_refused = 0;  // details queries answered 503 while held
    std::uint64_t message_conversations = 0;  // GET /api/v2/conversations/messages/{id} answered 200
  };
  const counters& stats() const { return stats_; }

private:
  struct tutorial_peer {
    std::shared_ptr<stream_peer> peer;
    bool subscribed = false;
  };
  struct held_frame {
    std::string topic;
    std::string frame;
    int countdown;
  };
  struct pending_close {
    millis at;
    std::weak_ptr<stream_peer> peer;
  };

  answer dispatch(const net::http_request_view& request, unsigned roles);
  void publish(const change& c);
  void deliver(const std::string& topic, const std::string& frame);
  void send_to_subscribers(const std::string& topic, const std::string& frame);
  bool has_subscriber(const std::string& topic) const;
  // Open, subscribed to `topic`, and its creating token still valid.
  bool delivers(const channel& ch, const std::string& topic) const;
  void release_held(bool all);
  void publish_tutorial(const sim_conversation& c, millis t);
  void send_heartbeats();
  void run_due_faults();
  void send_garbage(int count);
  std::string next_correlation_id() { return fault_rng_.uuid(); }

  sim_options options_;
  const core::clock& wall_;
  millis wall_start_;
  bool paused_;
  millis sim_start_;
  timeline timeline_;
  token_store tokens_;
  channel_registry channels_;
  rng fault_rng_;
  rng garbage_rng_;
  std::string stream_base_;
  std::vector<tutorial_peer> tutorial_peers_;
  std::map<stream_peer*, millis> next_heartbeat_;
  std::deque<held_frame> held_;
  std::vector<pending_close> pending_closes_;
  std::size_t next_fault_ = 0;
  int burst_429_left_ = 0;
  long long burst_retry_after_ = 1;
  int slow_left_ = 0;
  unsigned slow_once_ms_ = 0;
  bool details_held_ = false;  // hold_details .. release_details: details queries answer 503
  millis gap_until_ = 0;  // sim time; snapshots of changes before it are lost to sockets
  std::map<std::string, unsigned> refused_upgrades_;  // channel id → upgrade status (refuse_upgrades)
  // refuse_upgrades with new=1: channels created after the fault refuse every upgrade with this.
  unsigned refused_new_upgrades_ = 0;
  std::set<std::string> channels_at_refusal_;
  counters stats_;

};

}  // namespace wmpulse::sim
