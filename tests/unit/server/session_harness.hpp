#pragma once
// The server's sessions without sockets: a server_state, an io_context run by the test
// thread, and beast::test::stream pairs whose server end fails its n-th I/O operation on
// demand (fail_count), as Beast tests its own streams.
#include <boost/beast/_experimental/test/stream.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "server/detail/http_session.hpp"
#include "server/detail/ws_session.hpp"
#include "unit/server/fake_backend.hpp"

namespace wmpulse::server::testing {

using namespace detail;  // asio, beast, http, websocket
namespace test_net = boost::beast::test;

class session_harness {
public:
  static constexpr std::chrono::seconds run_bound{5};  // far above what any exchange here takes

  explicit session_harness(server_options opts = {}) : state(std::move(opts), clock) {
    state.routes.add("/echo", {"GET", "POST"},
                     [](const http_request_view& r) {
                       http_answer a;
                       a.content_type = "text/plain";
                       a.body = "echo:" + std::string(r.body);
                       return a;
                     },
                     {}, always(route_lane::io));
    state.ws_backend = backend;
    state.light.start();
    state.heavy.start();
  }
  ~session_harness() { stop_workers(); }

  // The server end of a new connection, served by an HTTP session. With fail_count(n), its
  // n-th I/O operation (counting from 1) fails, and every one after it.
  test_net::stream connect(test_net::fail_count* fails = nullptr) {
    test_net::stream server = fails ? test_net::stream(ioc, *fails) : test_net::stream(ioc);
    test_net::stream client(ioc);
    client.connect(server);
    detail::start_http_session(state, std::move(server), peer_address);
    return client;
  }

  // Runs the io_context until it has nothing left to do; then, with the worker lanes joined,
  // once more for what their jobs posted back. False when work was left after run_bound:
  // something hangs.
  bool run_to_end() {
    ioc.restart();
    ioc.run_for(run_bound);
    const bool ended = ioc.stopped();
    stop_workers();
    ioc.restart();
    ioc.run_for(run_bound);
    return ended && ioc.stopped();
  }

  // Whether every session has ended and released what it held.
  ::testing::AssertionResult released() const {
    using ::testing::AssertionFailure;
    if (state.sessions.size() != 0) return AssertionFailure() << state.sessions.size() << " sessions still open";
    if (state.sessions.count_for(peer_address) != 0) return AssertionFailure() << "the client's connection count kept";
    const std::size_t subscribers = state.hub.subscriber_count();
    if (subscribers != 0) return AssertionFailure() << subscribers << " subscribers left";
    if (state.hub.key_count() != 0) return AssertionFailure() << state.hub.key_count() << " subscription keys left";
    return ::testing::AssertionSuccess();
  }

  core::manual_clock clock{1'000'000};
  std::shared_ptr<fake_backend> backend = std::make_shared<fake_backend>();
  detail::server_state state;
  asio::io_context ioc;
  const asio::ip::address peer_address = asio::ip::make_address("192.0.2.7");

private:
  void stop_workers() {
    state.light.stop();
    state.heavy.stop();
  }
};

}  // namespace wmpulse::server::testing
