#pragma once
// Builds the configured event source, whichever kind it is.
#include <functional>
#include <memory>
#include <optional>

#include "app/config.hpp"
#include "core/clock.hpp"
#include "events/event_sink.hpp"
#include "events/source.hpp"
#include "genesys/config.hpp"
#include "net/net.hpp"

namespace wmpulse::app {

// The source runs on `ingest` and feeds `sink` there. Throws std::exception with a clear
// message for configuration problems (bad URL, unreadable file, missing credentials).
// `takeover_gap_start`: the source takes over from another that published events up to the
// event time it returns (a cluster's new leader, a restart from the journal); the Genesys
// connector recovers the time since as a gap. Asked on the ingest thread, at the start-up recovery.
std::unique_ptr<events::source> make_source(const config& cfg, net::asio::io_context& ingest, const core::clock& clock,
                                            events::event_sink& sink,
                                            std::function<std::optional<core::millis>()> takeover_gap_start = {});

// The Genesys Cloud connector's configuration from the service's flags and the environment,
// when the source is genesys. Throws std::runtime_error with the connector's message (never a secret).
std::optional<genesys::config> genesys_config_of(const config& cfg);

// Whether the configured source invents its figures: the generator, or a Genesys connector
// whose API is no Genesys Cloud region (the simulator, a test double).
bool follows_invented_figures(const config& cfg);

}  // namespace wmpulse::app
