#include "sim/server.hpp"

#include <chrono>

#include "core/log.hpp"
#include "net/run_guarded.hpp"
#include "sim/session.hpp"

namespace wmpulse::sim {
namespace {

namespace asio = net::asio;
using asio::as_tuple;
using asio::use_awaitable;

asio::awaitable<void> accept_loop(net::tcp::acceptor acceptor, simulator& sim, unsigned roles,
                                  std::shared_ptr<net::ssl::context> tls) {
  const auto ex = co_await asio::this_coro::executor;
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(as_tuple(use_awaitable));
    if (ec == asio::error::operation_aborted) co_return;
    if (ec) continue;
    socket.set_option(net::tcp::no_delay(true), ec);
    if (tls) net::co_spawn_logged(ex, serve_tls(std::move(socket), tls, sim, roles), "sim", "connection ended by an error");
    else net::co_spawn_logged(ex, serve_plain(std::move(socket), sim, roles), "sim", "connection ended by an error");
  }
}

asio::awaitable<void> tick_loop(simulator& sim, unsigned tick_ms) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    try {
      sim.tick();
    } catch (const std::exception& e) {
      core::log_error("sim", std::string("tick failed: ") + e.what());
    }
    timer.expires_after(std::chrono::milliseconds(tick_ms));
    co_await timer.async_wait(use_awaitable);
  }
}

}  // namespace

std::vector<bound_listener> start_server(asio::io_context& ioc, simulator& sim, const std::vector<listen_spec>& listeners,
                                         std::shared_ptr<net::ssl::context> tls, unsigned tick_ms) {
  std::vector<bound_listener> bound;
  std::vector<net::tcp::acceptor> acceptors;
  for (const auto& l : listeners) {
    net::tcp::acceptor acceptor(ioc);
    const net::tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), l.port);
    acceptor.open(ep.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(ep);
    acceptor.listen();
    bound.push_back({acceptor.local_endpoint().port(), l.roles});
    acceptors.push_back(std::move(acceptor));
  }
  for (std::size_t i = 0; i < acceptors.size(); ++i)
    net::co_spawn_logged(ioc.get_executor(), accept_loop(std::move(acceptors[i]), sim, bound[i].roles, tls), "sim",
                         "listener stopped");
  net::co_spawn_logged(ioc.get_executor(), tick_loop(sim, tick_ms), "sim", "tick loop stopped");
  return bound;
}

}  // namespace wmpulse::sim
