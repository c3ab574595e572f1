#pragma once
// Listeners for the simulator's roles on 127.0.0.1, plain or TLS, and the tick loop that
// drives the simulated clock. One io_context thread runs all of it.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "net/net.hpp"
#include "sim/simulator.hpp"

namespace wmpulse::sim {

struct listen_spec {
  std::uint16_t port = 0;  // 0: ephemeral
  unsigned roles = role_all;
};

struct bound_listener {
  std::uint16_t port = 0;
  unsigned roles = 0;
};

// Binds every listener (throws on failure) and starts accepting and ticking.
// `tls` is null for plain HTTP/WS.
std::vector<bound_listener> start_server(net::asio::io_context& ioc, simulator& sim,
                                         const std::vector<listen_spec>& listeners,
                                         std::shared_ptr<net::ssl::context> tls, unsigned tick_ms = 10);

}  // namespace wmpulse::sim
