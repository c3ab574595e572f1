#pragma once
// The Genesys Cloud source: OAuth, queue discovery, notification channels and sockets,
// snapshot diffing and gap recovery, feeding session events to the sink on the ingest
// context. See docs/GENESYS.md.
#include <functional>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "events/event_sink.hpp"
#include "events/source.hpp"
#include "genesys/config.hpp"
#include "net/net.hpp"

namespace wmpulse::genesys {

class connector final : public events::source {
public:
  // Throws std::runtime_error when the CA file cannot be loaded (a configuration error).
  connector(net::asio::io_context& ingest, const core::clock& clock, config cfg, events::event_sink& sink);
  ~connector() override;
  connector(const connector&) = delete;
  connector& operator=(const connector&) = delete;

  // Called once, on the ingest thread, when the connector stops for good because the
  // configuration is wrong (credentials refused, …). The message is fit to print and holds
  // no secret. Set before start().
  void on_fatal(fatal_handler handler) override;

  void start() override;  // returns at once; the work runs on the ingest context
  void stop() override;   // closes sockets and ends every task; safe to call from the ingest thread or before run()

  // Built from the connector's working state. From another thread it waits for the ingest
  // thread to build it, so that thread must be running (or the context stopped).
  events::source_status status() const override;

  struct impl;

private:
  std::shared_ptr<impl> impl_;
};

}  // namespace wmpulse::genesys
