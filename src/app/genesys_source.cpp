#include <stdexcept>

#include "app/source_handle.hpp"

namespace wmpulse::app {

// Replaced by the connector's wiring when src/genesys lands.
source_handle make_genesys_source(const config&, net::asio::io_context&, const core::clock&, events::event_sink&) {
  throw std::runtime_error("--source genesys is not available in this build");
}

}  // namespace wmpulse::app
