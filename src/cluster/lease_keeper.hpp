#pragma once
// Runs the leadership lease (lease.hpp) against a JetStream key-value bucket on a thread of
// its own: kvStore_Create takes the key, kvStore_Update with the held revision renews it, and
// the bucket's TTL lets it go when the holder stops renewing. Tells the service at once when
// this node gains or loses the lease; holding_now() is the fence every publication checks.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "cluster/lease.hpp"
#include "cluster/nats_connection.hpp"

struct __kvStore;
struct __jsCtx;

namespace wmpulse::cluster {

class lease_keeper {
public:
  // Called on the keeper's thread when this node gains (true) or loses (false) the lease.
  using on_change = std::function<void(bool holding)>;

  // Creates the bucket "<stream>-lease" (TTL = ttl_ms) if it is missing; throws
  // std::runtime_error naming what failed.
  lease_keeper(nats_connection& nats, const std::string& stream, std::string node_name, core::millis ttl_ms, int replicas,
               const core::clock& clock);
  ~lease_keeper();
  lease_keeper(const lease_keeper&) = delete;
  lease_keeper& operator=(const lease_keeper&) = delete;

  void start(on_change handler);
  void stop();

  // What the source knows that is not in the stream (the queue names), shared through the
  // bucket: the holder writes it with each renewal, the others read it with each attempt.
  void share(std::string text);
  std::string shared() const;

  // Any thread.
  bool holding_now() const;
  std::string holder() const;
  const std::string& node_name() const { return name_; }

private:
  void run();
  void attempt();
  struct holder_entry {
    std::string name;
    std::optional<core::millis> written_wall_ms;
  };
  holder_entry read_holder();
  void exchange_shared(bool holding);

  nats_connection& nats_;
  std::string name_;
  const core::clock& clock_;
  __jsCtx* js_ = nullptr;
  __kvStore* kv_ = nullptr;
  on_change handler_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  lease state_;
  std::atomic<core::millis> held_until_{0};
  bool reported_holding_ = false;
  std::string to_share_, shared_, written_;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace wmpulse::cluster
