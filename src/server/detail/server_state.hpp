#pragma once
// What the listener and the sessions share. Included only by the server's own .cpp files:
// it pulls in Asio/Beast.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "net/net.hpp"
#include "server/access.hpp"
#include "server/http_server.hpp"
#include "server/subscription_hub.hpp"
#include "server/worker_pool.hpp"

namespace wmpulse::server::detail {

namespace asio = net::asio;
namespace beast = net::beast;
namespace http = net::http;
namespace websocket = net::websocket;
using tcp = net::tcp;

// A session that stop() can ask to end.
class session_base {
public:
  virtual ~session_base() = default;
  virtual void shutdown() = 0;  // called on any thread; posts to the session's I/O thread
};

// The open sessions, and how many each client address holds (for the per-client cap).
class session_registry {
public:
  void add(const std::shared_ptr<session_base>& s, const asio::ip::address& client);
  void remove(const session_base* s);
  std::size_t size() const;
  std::size_t count_for(const asio::ip::address& client) const;
  void shutdown_all();
  // Waits until no session is left or the timeout passes; true when none is left.
  bool wait_empty(std::chrono::milliseconds timeout);

private:
  mutable std::mutex mutex_;
  std::condition_variable empty_;
  struct entry {
    std::weak_ptr<session_base> session;
    asio::ip::address client;
  };
  std::unordered_map<const session_base*, entry> sessions_;
  std::unordered_map<asio::ip::address, std::size_t> per_client_;
};

// An IPv4 client reaching a dual-stack listener counts as its IPv4 address.
asio::ip::address normalized(const asio::ip::address& a);
template <class Socket>
asio::ip::address client_address(const Socket& socket) {
  beast::error_code ec;
  return normalized(socket.remote_endpoint(ec).address());
}

struct server_state {
  server_state(server_options o, const core::clock& c)
      : opts(std::move(o)), clock(c),
        hub(c, subscription_hub::options{opts.publish_interval_ms, opts.max_subscription_keys}),
        light({"light worker", opts.light_workers, opts.light_queue}),
        heavy({"heavy worker", opts.heavy_workers, opts.heavy_queue}),
        publisher({"publisher", 1, 2}) {}

  server_options opts;
  const core::clock& clock;
  router routes;
  std::shared_ptr<graphql_ws_backend> ws_backend;
  // null: everything open. Swapped whole (a reloaded web config); each request reads it once.
  std::atomic<std::shared_ptr<const access_control>> access;
  // null: plain HTTP. Swapped whole (a renewed certificate); each connection takes the current one.
  std::atomic<std::shared_ptr<net::ssl::context>> tls;
  subscription_hub hub;
  session_registry sessions;
  worker_lane light, heavy;  // route handlers off the I/O threads
  worker_lane publisher;     // subscription re-execution
  std::atomic<bool> stopping{false};

  std::atomic<std::uint64_t> connections_accepted{0}, connections_refused{0}, accept_errors{0}, http_requests{0},
      http_rejected{0}, http_forbidden{0}, http_busy{0}, ws_sessions{0}, ws_invalid_messages{0}, ws_dropped_slow{0},
      publications{0}, tls_handshake_failures{0};
};

// Runs a coroutine on `ex`; an exception escaping it is logged, never rethrown.
void spawn(asio::any_io_executor ex, asio::awaitable<void> task, const char* what);

// The listener's entry: serves an accepted socket (http_session.cpp), over TLS when
// state.tls holds a context (after a handshake bounded by header_timeout).
void start_http_session(server_state& state, tcp::socket socket);
// Takes over an upgraded connection (detail/ws_session.hpp; the server instantiates it for
// beast::tcp_stream in ws_session.cpp).
// `gate`: null when the socket may speak at once (open access, or the upgrade carried a viewer
// credential); else connection_init must prove viewer.
template <class Stream>
void start_ws_session(server_state& state, Stream stream, http::request<http::string_body> request,
                      const asio::ip::address& client, std::shared_ptr<const access_control> gate);

}  // namespace wmpulse::server::detail
