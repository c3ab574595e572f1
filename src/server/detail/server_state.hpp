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
#include "server/http_server.hpp"
#include "server/subscription_hub.hpp"

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
  virtual void shutdown() = 0;  // called on any thread; posts to the session's strand
};

class session_registry {
public:
  void add(const std::shared_ptr<session_base>& s);
  void remove(const session_base* s);
  std::size_t size() const;
  void shutdown_all();
  // Waits until no session is left or the timeout passes; true when none is left.
  bool wait_empty(std::chrono::milliseconds timeout);

private:
  mutable std::mutex mutex_;
  std::condition_variable empty_;
  std::unordered_map<const session_base*, std::weak_ptr<session_base>> sessions_;
};

struct server_state {
  server_state(server_options o, const core::clock& c)
      : opts(std::move(o)), clock(c), hub(c, subscription_hub::options{opts.publish_interval_ms}) {}

  server_options opts;
  const core::clock& clock;
  router routes;
  std::shared_ptr<graphql_ws_backend> ws_backend;
  subscription_hub hub;
  session_registry sessions;
  std::atomic<bool> stopping{false};

  std::atomic<std::uint64_t> connections_accepted{0}, connections_refused{0}, http_requests{0},
      http_rejected{0}, ws_sessions{0}, ws_invalid_messages{0}, ws_dropped_slow{0}, publications{0};
};

// Runs a coroutine on `ex`; an exception escaping it is logged, never rethrown.
void spawn(asio::any_io_executor ex, asio::awaitable<void> task, const char* what);

void start_http_session(server_state& state, tcp::socket socket);
void start_ws_session(server_state& state, beast::tcp_stream stream, http::request<http::string_body> request);

}  // namespace wmpulse::server::detail
