#pragma once
// Subscription fan-out. Each distinct subscription key (document, operationName, variables)
// is executed once per publication, its result serialized once, and the same payload is
// offered to every subscriber with that key, only when it changed. Publications follow
// on_notify(root) (a new snapshot), paced to at most one per `min_interval_ms` of the steady
// clock (a wall clock set back or forward changes nothing). A publication runs every key
// against one root, the newest when it starts, so subscriptions served in one tick agree.
// Distinct keys are bounded. No operation runs under a lock: a slow one delays nobody else.
//
// Synchronous and thread-safe: the server hands it roots from the ingest thread and publishes
// on its publisher thread (publication_driver in http_server.cpp) while sockets add and
// remove; tests drive it with a manual clock.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "server/graphql_ws_backend.hpp"

namespace wmpulse::server {

// Receives `next` payloads; a WebSocket session. The hub holds it by weak_ptr and calls it
// from the publishing thread: implementations hand the payload to their own strand.
class next_sink {
public:
  virtual ~next_sink() = default;
  // `serial` tells apart two subscriptions that used the same id one after the other.
  virtual void offer(const std::string& id, std::uint64_t serial, std::shared_ptr<const std::string> payload) = 0;
};

// Decides when to publish: at once when the last publication is older than the interval,
// otherwise at last + interval, with at most one publication scheduled.
class publish_pacer {
public:
  explicit publish_pacer(core::millis min_interval_ms) : interval_(min_interval_ms) {}
  // A new snapshot at `now`: the time to publish at, or nullopt when one is already scheduled.
  std::optional<core::millis> on_notify(core::millis now);
  void on_published(core::millis now);
  // The publication of `published_at` pushed nothing (no result changed): subscribers saw no
  // change, so it does not count, and the next change after a quiet interval goes out at once
  // (the leading edge) although unchanged snapshots kept coming (ticks).
  void on_nothing_pushed(core::millis published_at);

private:
  core::millis interval_;
  std::optional<core::millis> last_;
  std::optional<core::millis> before_last_;
  bool scheduled_ = false;
};

struct publish_stats {
  std::size_t keys = 0;         // distinct subscriptions executed
  std::size_t changed = 0;      // of which the result changed
  std::size_t deliveries = 0;   // payloads offered to subscribers
};

class subscription_hub {
public:
  struct options {
    core::millis min_interval_ms = 100;  // at most 10 publications per second
    std::size_t max_keys = 10'000;       // distinct subscriptions; a new one past it is refused
  };

  subscription_hub(const core::clock& clock, options opts);
  ~subscription_hub();

  struct first_result {
    std::shared_ptr<const std::string> payload;  // the current result, serialized
    bool request_error = false;  // no "data": not registered; send it, then complete
    bool refused = false;        // a new key over max_keys: not registered, no payload
  };
  // Registers subscriber `id` of `sink` for `op`; returns the current result to send first.
  // A new key is executed here, against the newest root and outside the locks; a publication
  // meanwhile may offer the subscriber a newer result before this returns (the session sends
  // that one instead), never an older one.
  first_result add(const ws_operation& op, std::weak_ptr<next_sink> sink, const next_sink* who,
                   const std::string& id, std::uint64_t serial = 0);
  void remove(const std::string& key, const next_sink* who, const std::string& id);

  // A new snapshot, `root`: what the next publication and the first results from now on run
  // against. Returns when to publish (<= now: at once), or nullopt when one is already
  // scheduled (it will run against this root, the newest). Any thread.
  std::optional<core::millis> on_notify(published_root root);
  // Re-executes every key against the newest root, offers changed payloads. Called when
  // on_notify's time has come.
  publish_stats publish();
  // The newest root (for an operation that is not a subscription).
  published_root root() const;

  std::size_t subscriber_count() const;
  std::size_t key_count() const;
  const core::clock& clock() const { return clock_; }
  std::size_t max_keys() const { return opts_.max_keys; }

private:
  struct member {
    const next_sink* who;
    std::weak_ptr<next_sink> sink;
    std::string id;
    std::uint64_t serial;
  };
  struct group;
  // A root and the publication it came with (counted by on_notify), to order results by.
  struct tick {
    published_root root;
    std::uint64_t number = 0;
  };
  struct joined {
    std::shared_ptr<group> g;  // null: refused
    tick at;                   // the newest root when the subscriber joined
    std::shared_ptr<const std::string> last;  // the group's result then, if it had one
  };
  joined join(const ws_operation& op, member m);
  first_result first_of_new_key(const std::string& key, group& g, const member& self, const tick& at);
  void drop(const std::string& key, const std::function<bool(const member&)>& which);
  bool publish_group(group& g, const tick& at, publish_stats& stats);
  static std::size_t offer(const std::vector<member>& to, const std::shared_ptr<const std::string>& payload);

  const core::clock& clock_;
  options opts_;
  mutable std::mutex mutex_;  // guards what follows; taken before a group's mutex
  std::unordered_map<std::string, std::shared_ptr<group>> groups_;
  publish_pacer pacer_;
  tick newest_;
};

}  // namespace wmpulse::server
