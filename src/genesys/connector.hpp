#pragma once
// The Genesys Cloud source: OAuth, queue discovery, notification channels and sockets,
// snapshot diffing and gap recovery, feeding session events to the sink on the ingest
// context. See docs/GENESYS.md.
#include <functional>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "events/event_sink.hpp"
#include "events/source_status.hpp"
#include "genesys/config.hpp"
#include "net/net.hpp"

namespace wmpulse::genesys {

class connector {
public:
  // Throws std::runtime_error when the CA file cannot be loaded (a configuration error).
  connector(net::asio::io_context& ingest, const core::clock& clock, config cfg, events::event_sink& sink);
  ~connector();
  connector(const connector&) = delete;
  connector& operator=(const connector&) = delete;

  // Called once, on the ingest thread, when the connector stops for good because the
  // configuration is wrong (credentials refused, …). The message is fit to print and holds
  // no secret. Set before start().
  void on_fatal(std::function<void(const std::string& message)> handler);

  void start();  // returns at once; the work runs on the ingest context
  void stop();   // closes sockets and ends every task; safe to call from the ingest thread or before run()

  events::source_status status() const;  // any thread

  struct impl;

private:
  std::shared_ptr<impl> impl_;
};

}  // namespace wmpulse::genesys
