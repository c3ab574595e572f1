#pragma once
// One connection to a NATS cluster (the C client, cnats) and its JetStream context. cnats
// reconnects by itself (forever, every half second); its own threads run the callbacks.
#include <atomic>
#include <string>
#include <vector>

#include "core/clock.hpp"

struct __natsConnection;
struct __jsCtx;

namespace wmpulse::cluster {

struct nats_options {
  std::vector<std::string> servers;  // nats://host:port or tls://host:port
  std::string credentials_file;      // a .creds file (JWT and NKey seed); empty: none
  std::string ca_file;               // PEM CA bundle for tls:// servers; empty: the client's default
  std::string name;                  // the connection's name, seen by the server's monitoring
  core::millis request_timeout_ms = 5'000;
};

class nats_connection {
public:
  // Connects; throws std::runtime_error naming the problem (never a credential).
  explicit nats_connection(const nats_options& options);
  ~nats_connection();
  nats_connection(const nats_connection&) = delete;
  nats_connection& operator=(const nats_connection&) = delete;

  __natsConnection* get() const { return nc_; }
  __jsCtx* jetstream() const { return js_; }
  bool connected() const { return connected_.load(std::memory_order_relaxed); }
  std::uint64_t reconnects() const { return reconnects_.load(std::memory_order_relaxed); }

private:
  __natsConnection* nc_ = nullptr;
  __jsCtx* js_ = nullptr;
  std::atomic<bool> connected_{false};
  std::atomic<std::uint64_t> reconnects_{0};
};

// "NATS_TIMEOUT: …" for a cnats status; the last error text of the calling thread.
std::string nats_error(int status);

}  // namespace wmpulse::cluster
