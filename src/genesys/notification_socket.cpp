#include "genesys/notification_socket.hpp"

#include <chrono>

#include <boost/asio/experimental/awaitable_operators.hpp>

#include "genesys/heartbeat_watchdog.hpp"
#include "net/url.hpp"
#include "net/connect.hpp"

namespace wmpulse::genesys {
namespace {

namespace asio = net::asio;
namespace beast = net::beast;
namespace websocket = net::websocket;
using asio::as_tuple;
using asio::use_awaitable;
using namespace asio::experimental::awaitable_operators;

using connect_result = core::result<bool, socket_connect_error>;
using fail = core::failure<socket_connect_error>;

template <class Stream>
class socket_impl final : public notification_socket {
public:
  socket_impl(websocket::stream<Stream> ws, socket_settings s)
      : ws_(std::move(ws)),
        settings_(s),
        heartbeat_(s.clock ? *s.clock : core::system_clock::instance(), s.heartbeat_timeout_ms, s.ping_interval_ms) {}

  asio::awaitable<connect_result> connect(const std::string& uri) override {
    auto url = net::parse_endpoint_url(uri);
    if (!url || (url->scheme != "ws" && url->scheme != "wss")) co_return fail{{false, "connectUri is not a ws(s) URL"}};
    if (!url->tls() && !settings_.allow_insecure)
      co_return fail{{false, "connectUri is plain ws://, refused (--genesys-allow-insecure-upstreams allows it for tests)"}};
    websocket::response_type res;
    const auto error = co_await net::ws_connect(ws_, *url, std::chrono::milliseconds(settings_.handshake_timeout_ms), res,
                                             settings_.proxy ? &*settings_.proxy : nullptr);
    if (error) {
      // 401/403/404 on the upgrade: the channel expired or was evicted.
      const bool gone = error->http_status == 401 || error->http_status == 403 || error->http_status == 404;
      co_return fail{{gone, error->message}};
    }
    ws_.read_message_max(8 * 1024 * 1024);
    heartbeat_.start();
    co_return true;
  }

  asio::awaitable<socket_end> run(const frame_handler& on_frame) override {
    auto ended = co_await (read_loop(on_frame) || watchdog());
    closed_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    co_return ended.index() == 0 ? std::get<0>(ended) : std::get<1>(ended);
  }

  void close() override {
    close_requested_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().cancel(ignored);
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

  std::uint64_t pings_sent() const override { return pings_; }

private:
  asio::awaitable<socket_end> read_loop(const frame_handler& on_frame) {
    beast::flat_buffer buffer;
    for (;;) {
      auto [ec, n] = co_await ws_.async_read(buffer, as_tuple(use_awaitable));
      if (ec) co_return close_requested_ ? socket_end::closed : socket_end::failed;
      heartbeat_.frame_received();
      const auto data = buffer.cdata();
      const std::string_view frame(static_cast<const char*>(data.data()), data.size());
      const verdict v = on_frame(frame);
      buffer.consume(buffer.size());
      if (close_requested_) co_return socket_end::closed;
      if (v == verdict::close_channel_gone) co_return socket_end::channel_gone;
    }
  }

  // Ends only when the socket has been silent too long; pings when it has been quiet.
  asio::awaitable<socket_end> watchdog() {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (;;) {
      timer.expires_after(std::chrono::milliseconds(heartbeat_.check_interval()));
      auto [ec] = co_await timer.async_wait(as_tuple(use_awaitable));
      if (ec) co_return socket_end::closed;
      const auto health = heartbeat_.check();
      if (health == heartbeat_watchdog::verdict::silent) {
        // Close first: the pending read then ends at once, whatever its cancellation support.
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
        co_return socket_end::silent;
      }
      if (health == heartbeat_watchdog::verdict::ping) {
        ++pings_;
        ws_.text(true);
        auto [wec, wn] = co_await ws_.async_write(asio::buffer(std::string_view(R"({"message":"ping"})")),
                                                  as_tuple(use_awaitable));
        if (wec) co_return close_requested_ ? socket_end::closed : socket_end::failed;
      }
    }
  }

  websocket::stream<Stream> ws_;
  socket_settings settings_;
  heartbeat_watchdog heartbeat_;
  bool close_requested_ = false;
  bool closed_ = false;
  std::uint64_t pings_ = 0;
};

}  // namespace

std::string_view to_string(socket_end e) {
  switch (e) {
    case socket_end::failed: return "connection lost";
    case socket_end::silent: return "heartbeat timeout";
    case socket_end::channel_gone: return "channel gone";
    case socket_end::closed: return "closed";
  }
  return "unknown";
}

std::shared_ptr<notification_socket> make_notification_socket(asio::any_io_executor ex, net::ssl::context& tls,
                                                              socket_settings settings,
                                                              bool use_tls) {
  if (use_tls) {
    using stream = beast::ssl_stream<beast::tcp_stream>;
    return std::make_shared<socket_impl<stream>>(websocket::stream<stream>(ex, tls), settings);
  }
  return std::make_shared<socket_impl<beast::tcp_stream>>(websocket::stream<beast::tcp_stream>(ex), settings);
}

}  // namespace wmpulse::genesys
