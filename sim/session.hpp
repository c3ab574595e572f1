#pragma once
// One accepted connection: HTTP/1.1 keep-alive exchanges, or a WebSocket upgrade to a
// channel stream (/channels/{id}) or the tutorial stream (/api/v2/analytics/events/stream).
#include <memory>

#include "net/net.hpp"
#include "sim/simulator.hpp"

namespace wmpulse::sim {

net::asio::awaitable<void> serve_plain(net::tcp::socket socket, simulator& sim, unsigned roles);
net::asio::awaitable<void> serve_tls(net::tcp::socket socket, std::shared_ptr<net::ssl::context> tls, simulator& sim,
                                     unsigned roles);

}  // namespace wmpulse::sim
