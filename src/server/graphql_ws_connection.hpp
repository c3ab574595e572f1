#pragma once
// The graphql-transport-ws protocol for one socket, as the npm graphql-ws package speaks it
// (its PROTOCOL.md and CloseCode enum), without the socket: text messages in, frames and a
// close out through ws_transport. ws_session owns one per WebSocket; tests drive it directly.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "server/graphql_ws_backend.hpp"
#include "server/subscription_hub.hpp"

namespace wmpulse::server {

// Close codes of graphql-ws (CloseCode).
enum class ws_close : std::uint16_t {
  normal = 1000,
  going_away = 1001,
  bad_request = 4400,             // invalid message
  unauthorized = 4401,            // subscribe before connection_ack
  forbidden = 4403,               // the backend refused connection_init
  subprotocol_not_acceptable = 4406,
  init_timeout = 4408,            // no connection_init in time
  subscriber_exists = 4409,       // subscribe with the id of an active operation
  too_many_init = 4429,           // a second connection_init
};

inline constexpr std::string_view graphql_transport_ws = "graphql-transport-ws";

// What the protocol needs from the socket.
class ws_transport {
public:
  virtual ~ws_transport() = default;
  virtual void send(std::string frame) = 0;  // a control frame, written in order
  virtual void close(ws_close code, std::string_view reason) = 0;
  // Subscription `id` ended: a `next` for it not yet written must not be.
  virtual void forget(const std::string& id) { (void)id; }
};

// Where an operation's work (prepare, execute) runs: the server puts it on a worker lane and
// runs what the work returns back on the socket's strand, so that an expensive document never
// holds an I/O thread. Tests run it inline or keep it to run later.
class ws_work_runner {
public:
  using continuation = std::function<void()>;
  virtual ~ws_work_runner() = default;
  // Runs `work` elsewhere (where may depend on `message`, the subscribe message), then the
  // continuation it returns on the connection's strand, always (also once the connection has
  // gone). When refused (a full queue): why, and neither runs.
  virtual std::optional<std::string> start_work(std::string_view message, std::function<continuation()> work) = 0;
};

// Runs the work and its continuation at once, on the caller's thread.
ws_work_runner& inline_work_runner();

class graphql_ws_connection {
public:
  struct options {
    core::millis init_timeout_ms = 3000;  // graphql-ws's connectionInitWaitTimeout (steady clock)
    std::size_t max_operations = 100;     // active operations per socket
    std::size_t max_distinct_subscriptions = 16;  // distinct keys among them; more get an `error`
    std::size_t max_result_bytes = 8 << 20;       // a larger result is an `error` for its operation
  };
  struct counters {
    std::uint64_t messages = 0;
    std::uint64_t invalid = 0;  // closed with 4400
    std::uint64_t operations = 0;
  };

  // `sink` receives this socket's `next` payloads (the same object as `transport` in the
  // server); it is how the hub reaches the socket. `runner` does the operations' work.
  graphql_ws_connection(graphql_ws_backend& backend, subscription_hub& hub, const core::clock& clock,
                        ws_transport& transport, std::weak_ptr<next_sink> sink, options opts,
                        ws_work_runner& runner = inline_work_runner());
  ~graphql_ws_connection();  // leaves the hub
  graphql_ws_connection(const graphql_ws_connection&) = delete;
  graphql_ws_connection& operator=(const graphql_ws_connection&) = delete;

  void on_message(std::string_view text);
  // Closes with 4408 when connection_init has not arrived by the deadline.
  void check_timeouts();
  core::millis init_deadline() const { return opened_at_ + opts_.init_timeout_ms; }
  // The socket is going away: stop every operation.
  void on_closed();
  // A published value of subscription `id` is over max_result_bytes: it ends with an `error`.
  void on_oversized(const std::string& id, std::size_t bytes);

  // Whether `id` is still the subscription started with `serial` (ids may be reused).
  bool active(const std::string& id, std::uint64_t serial) const {
    auto it = subscriptions_.find(id);
    return it != subscriptions_.end() && it->second.serial == serial;
  }
  bool active(const std::string& id) const { return subscriptions_.contains(id); }
  // A value published for subscription `id` while its first result is still on its way: kept
  // (the newest) and sent instead of that first result, which is older.
  void offer_early(const std::string& id, std::uint64_t serial, std::shared_ptr<const std::string> payload);
  bool acknowledged() const { return acknowledged_; }
  bool closed() const { return closed_; }
  std::size_t active_operations() const { return subscriptions_.size(); }
  std::size_t operations_in_flight() const { return pending_.size(); }
  const counters& stats() const { return counters_; }

private:
  void close(ws_close code, std::string_view reason);
  void invalid(std::string_view why);
  void on_connection_init(const boost::json::object& message);
  void on_subscribe(const boost::json::object& message);
  void dispatch(const boost::json::object& message);
  void on_complete(const std::string& id);
  struct outcome;
  static std::shared_ptr<outcome> work(graphql_ws_backend& backend, subscription_hub& hub, const ws_request& request,
                                       const std::weak_ptr<next_sink>& sink, const next_sink* who,
                                       const std::string& id, std::uint64_t serial);
  void finish(const std::string& id, std::uint64_t serial, outcome& done);
  void release(const outcome& done, const std::string& id);
  void flush_orphans(const std::string& id);
  void deliver_single(const std::string& id, const std::string& text);
  void deliver_subscription(const std::string& id, std::uint64_t serial, outcome& done,
                            std::shared_ptr<const std::string> early);
  void send_error(const std::string& id, std::string message);
  void end_subscription(const std::string& id);
  std::string oversized_message(std::size_t bytes) const;

  graphql_ws_backend& backend_;
  subscription_hub& hub_;
  const core::clock& clock_;
  ws_transport& transport_;
  std::weak_ptr<next_sink> sink_;
  const next_sink* sink_id_;
  options opts_;
  ws_work_runner& runner_;
  std::shared_ptr<int> life_ = std::make_shared<int>(0);  // continuations check it (weak)
  core::millis opened_at_;
  std::string_view message_;  // the message being handled, during on_message only
  bool init_received_ = false;
  bool acknowledged_ = false;
  bool closed_ = false;
  struct subscription {
    std::string key;  // in the hub
    std::uint64_t serial;
  };
  std::unordered_map<std::string, subscription> subscriptions_;  // by id
  std::unordered_map<std::string, std::size_t> key_uses_;        // active subscriptions per key
  struct in_flight {
    std::uint64_t serial;
    std::shared_ptr<const std::string> early;  // offer_early's payload
  };
  std::unordered_map<std::string, in_flight> pending_;  // by id: work not back yet
  // Hub registrations of cancelled operations whose id was already reused: removed with the id.
  std::vector<std::pair<std::string, std::string>> orphans_;  // (key, id)
  std::uint64_t next_serial_ = 1;
  counters counters_;
};

}  // namespace wmpulse::server
