#pragma once
// The HTTP + WebSocket server: one listener, N worker threads, per-request routing over
// http_exchange, and graphql-transport-ws with subscription fan-out on `ws_path`.
// No Beast in this header: the templates live in listener/http_session/ws_session TUs.
//
//   server::http_server srv(opts);
//   srv.routes().add("/graphql", {"GET", "POST"}, graphql_handler);
//   srv.routes().add_static("/", web_dir);
//   srv.set_graphql_ws(backend);   // optional: no backend → upgrades on ws_path get 404
//   srv.start();                   // binds; srv.port() is the bound port
//   … ingest thread: srv.notify(root) after each published snapshot …
//   srv.stop();
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "server/access.hpp"
#include "server/browser_checks.hpp"
#include "server/graphql_ws_backend.hpp"
#include "server/router.hpp"

namespace boost::asio::ssl {
class context;
}

namespace wmpulse::server {

struct server_options {
  std::string address = "0.0.0.0";  // IPv4 or IPv6 literal ("::" also takes IPv4)
  std::uint16_t port = 4000;         // 0: an ephemeral port, read it back with port()
  unsigned threads = 2;
  std::size_t max_connections = 20'000;  // more are closed at accept
  std::size_t max_connections_per_client = 512;  // per remote IP address; more are closed at accept
  std::chrono::milliseconds accept_backoff{100};  // pause after EMFILE/ENFILE instead of spinning
  // Route handlers not on the I/O threads (router's route_lane): threads and bounded queues;
  // a full queue answers 503 with Retry-After.
  unsigned light_workers = 2;
  unsigned heavy_workers = 1;
  std::size_t light_queue = 256;
  std::size_t heavy_queue = 32;
  browser_policy browser{};  // Origin and Host checks
  std::size_t body_limit = 1 << 20;      // 413 above
  std::size_t header_limit = 16 << 10;   // 431 above
  std::chrono::milliseconds header_timeout{15'000};  // a request's header; also keep-alive idle
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds stop_timeout{5'000};  // stop() waits this long for sessions to end

  std::string ws_path = "/graphql";
  std::size_t ws_max_message_bytes = 64 << 10;  // larger client messages: close 1009
  core::millis ws_init_timeout_ms = 3'000;      // 4408 without connection_init
  std::size_t ws_max_operations = 100;          // per socket
  std::size_t ws_max_distinct_subscriptions = 16;  // per socket; more get an `error`
  std::size_t max_subscription_keys = 10'000;      // in total; more get an `error`
  std::size_t ws_max_result_bytes = 8 << 20;       // a larger result is an `error` for its operation
  std::chrono::milliseconds ws_idle_timeout{60'000};  // ping at half; closed when the peer is silent
  core::millis ws_write_timeout_ms = 10'000;    // a write pending longer: the client is dropped
  std::size_t ws_max_control_bytes = 1 << 20;   // queued replies; more: the client is dropped
  core::millis publish_interval_ms = 100;       // subscription results at most 10 per second
  int socket_send_buffer = 0;                   // SO_SNDBUF of accepted sockets; 0: kernel default
};

struct server_stats {
  std::uint64_t connections_accepted = 0;
  std::uint64_t connections_refused = 0;  // over max_connections or max_connections_per_client
  std::uint64_t accept_errors = 0;        // accept() failed (e.g. out of file descriptors)
  std::uint64_t tls_handshake_failures = 0;
  std::uint64_t http_forbidden = 0;       // 403 for Origin or Host
  access_stats access;                    // 401/403 of the current access_control
  std::uint64_t http_busy = 0;            // 503: a worker queue was full
  std::uint64_t http_requests = 0;
  std::uint64_t http_rejected = 0;        // 400/413/431 before routing
  std::uint64_t ws_sessions = 0;          // opened since start
  std::uint64_t ws_invalid_messages = 0;  // closed with 4400
  std::uint64_t ws_dropped_slow = 0;      // dropped for not reading
  std::uint64_t publications = 0;
  std::size_t open_sessions = 0;          // HTTP and WebSocket
  std::size_t queued_jobs = 0;            // route handlers waiting for a worker
  std::size_t subscribers = 0;
  std::size_t subscription_keys = 0;
};

class http_server {
public:
  explicit http_server(server_options opts, const core::clock& clock = core::system_clock::instance());
  ~http_server();  // stops
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  // Register before start().
  router& routes();
  void set_graphql_ws(std::shared_ptr<graphql_ws_backend> backend);
  // Who may read what (server/access.hpp); null (the default) leaves every route open. Any
  // time, any thread: requests after the call see the new one (a reloaded web config).
  void set_access(std::shared_ptr<const access_control> access);
  // Serve HTTPS with `context` (net::load_server_tls_context); null: plain HTTP. Any time:
  // connections accepted after the call use the new one (a renewed certificate on SIGHUP).
  void set_tls(std::shared_ptr<boost::asio::ssl::context> context);

  // Binds and listens, then runs the worker threads. Throws std::system_error when the
  // address cannot be bound.
  void start();
  std::uint16_t port() const;
  // A new snapshot is published as `root`: subscriptions are re-executed against it (paced;
  // one root per publication, the newest when it starts). Any thread; cheap.
  void notify(published_root root);
  // A publication that waited for the end of its interval asks the owner of the roots first,
  // so that what it pushes is at most one interval old, not the root it had when the interval
  // began: `hook` may notify() a fresher root (what arrived since its last) and must then call
  // `publish` once, on any thread. Without a hook the newest root it has is pushed. Before start().
  using freshen_hook = std::function<void(std::function<void()> publish)>;
  void set_freshen(freshen_hook hook);
  // Stops accepting, closes sessions (WebSocket: 1001), waits at most stop_timeout, joins.
  void stop();

  server_stats stats() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace wmpulse::server
