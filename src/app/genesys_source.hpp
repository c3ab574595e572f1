#pragma once
// The Genesys Cloud connector as a source of the service.
#include <optional>

#include "app/source_handle.hpp"
#include "genesys/config.hpp"

namespace wmpulse::app {

// The connector's configuration from the service's flags and the environment, when the
// source is genesys. Throws std::runtime_error with the connector's message (never a secret).
std::optional<genesys::config> genesys_config_of(const config& cfg);

source_handle make_genesys_source(const genesys::config& gcfg, net::asio::io_context& ingest,
                                  const core::clock& clock, events::event_sink& sink);

}  // namespace wmpulse::app
