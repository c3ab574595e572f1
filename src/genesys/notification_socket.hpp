#pragma once
// One WebSocket to a notification channel's connectUri (facts §4.2): WSS verified as in
// net/tls.hpp (plain ws only when the URI says so, for the simulator's plain mode), a heartbeat
// watchdog (silence beyond heartbeat_timeout → the socket is dead) and the application ping
// {"message":"ping"} when the socket has been quiet for ping_interval.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "net/net.hpp"
#include "net/proxy.hpp"

namespace wmpulse::genesys {

struct socket_settings {
  core::millis heartbeat_timeout_ms = 65'000;
  core::millis ping_interval_ms = 20'000;
  core::millis handshake_timeout_ms = 30'000;
  bool allow_insecure = false;  // ws:// URIs refused unless set (tests against a plain simulator)
  // Liveness (heartbeat, ping pacing) is judged on its steady reading; the system clock if null.
  const core::clock* clock = nullptr;
  std::optional<net::proxy_settings> proxy;  // HTTPS_PROXY: a CONNECT tunnel to the channel's host
};

struct socket_connect_error {
  bool channel_gone = false;  // 401/404 on upgrade: the channel expired or was evicted
  std::string message;
};

enum class socket_end {
  failed,        // transport error or closed by the peer
  silent,        // heartbeat watchdog fired
  channel_gone,  // the frame handler said the channel is gone
  closed,        // close() was called
};
std::string_view to_string(socket_end e);

class notification_socket {
public:
  // What the frame handler wants done with the socket after a frame.
  enum class verdict { keep, close_channel_gone };
  using frame_handler = std::function<verdict(std::string_view frame)>;

  virtual ~notification_socket() = default;
  virtual net::asio::awaitable<core::result<bool, socket_connect_error>> connect(const std::string& connect_uri) = 0;
  // Reads until the socket ends; the handler runs for every text frame.
  virtual net::asio::awaitable<socket_end> run(const frame_handler& on_frame) = 0;
  // Ends run() soon (abruptly: the channel stays valid).
  virtual void close() = 0;
  virtual std::uint64_t pings_sent() const = 0;
};

// A TLS socket for wss:// URIs, a plain one for ws://. `tls` outlives it.
std::shared_ptr<notification_socket> make_notification_socket(net::asio::any_io_executor ex, net::ssl::context& tls,
                                                               socket_settings settings, bool use_tls);

}  // namespace wmpulse::genesys
