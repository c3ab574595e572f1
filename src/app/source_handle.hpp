#pragma once
// One running source of any kind, behind the three calls the service needs.
#include <functional>
#include <memory>

#include "app/config.hpp"
#include "core/clock.hpp"
#include "events/event_sink.hpp"
#include "events/source_status.hpp"
#include "net/net.hpp"

namespace wmpulse::app {

struct source_handle {
  std::shared_ptr<void> owner;  // keeps the source alive
  std::function<void()> start;
  std::function<void()> stop;
  std::function<events::source_status()> status;  // on the ingest thread
  // Sources that can fail for good (refused credentials) report it here; may be empty.
  std::function<void(std::function<void(const std::string& message)>)> on_fatal;
};

// Builds the configured source (not genesys: see genesys_source.hpp) on the ingest context. Throws std::exception with a clear
// message for configuration problems (bad URL, unreadable file, missing credentials).
source_handle make_source(const config& cfg, net::asio::io_context& ingest, const core::clock& clock,
                          events::event_sink& sink);

}  // namespace wmpulse::app
