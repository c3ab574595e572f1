#pragma once
// The composition root: owns and wires the ingest thread (source + aggregator + history),
// the GraphQL service and the HTTP/WebSocket server, in dependency order.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "app/config.hpp"

namespace wmpulse::app {

class service {
public:
  // Throws std::exception with a clear message for configuration problems.
  explicit service(config cfg);
  ~service();
  service(const service&) = delete;
  service& operator=(const service&) = delete;

  // Called once, on the ingest thread, when the source stops for good (e.g. refused
  // credentials); the message holds no secret. Set before start().
  void on_fatal(std::function<void(const std::string& message)> handler);

  // Binds the port, starts the ingest thread and the source.
  void start();
  std::uint16_t port() const;
  // Reads the web config file and the TLS pair again (SIGHUP). What fails to load is logged
  // (never a secret) and the previous configuration stays; true when all of it loaded.
  bool reload();
  // For the startup line: "OPEN (…)" or "restricted (…)".
  std::string access_summary() const;
  // Stops the source, the server and the ingest thread. Idempotent.
  void stop();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// Runs the service until SIGINT or SIGTERM; returns the process exit code.
int run_until_signal(const config& cfg);

}  // namespace wmpulse::app
