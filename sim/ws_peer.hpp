#pragma once
// A streaming WebSocket the simulator publishes to: a write queue drained by one writer
// coroutine (Beast allows one write in flight), a reader that hands text frames to a callback.
// Everything runs on the server's single io_context thread.
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "net/net.hpp"
#include "net/run_guarded.hpp"
#include "net/wake_signal.hpp"
#include "sim/stream_peer.hpp"

namespace wmpulse::sim {

template <class Stream>
class ws_peer final : public stream_peer, public std::enable_shared_from_this<ws_peer<Stream>> {
public:
  explicit ws_peer(Stream stream) : ws_(std::move(stream)), wake_(ws_.get_executor()) {
    namespace websocket = net::websocket;
    ws_.set_option(websocket::stream_base::timeout::suggested(net::beast::role_type::server));
    ws_.read_message_max(64 * 1024);
  }

  net::websocket::stream<Stream>& socket() { return ws_; }

  void send(std::string text) override { enqueue(false, std::move(text)); }
  void send_binary(std::string bytes) override { enqueue(true, std::move(bytes)); }
  void close(std::uint16_t code, std::string reason) override {
    if (!open()) return;
    closing_ = true;
    close_reason_ = net::websocket::close_reason(static_cast<net::websocket::close_code>(code), reason);
    wake_.notify();
  }
  void drop() override {
    if (!open_) return;
    open_ = false;
    net::beast::error_code ec;
    net::beast::get_lowest_layer(ws_).socket().close(ec);
    wake_.notify();
  }
  bool open() const override { return open_ && !closing_; }

  // Reads until the socket closes; the writer runs beside it.
  net::asio::awaitable<void> run(std::function<void(std::string_view)> on_text) {
    using net::asio::as_tuple;
    using net::asio::use_awaitable;
    net::co_spawn_logged(ws_.get_executor(), writer(this->shared_from_this()), "sim", "socket writer stopped");
    net::beast::flat_buffer buffer;
    while (open_) {
      auto [ec, n] = co_await ws_.async_read(buffer, as_tuple(use_awaitable));
      if (ec) break;
      if (ws_.got_text()) on_text(net::beast::buffers_to_string(buffer.data()));
      buffer.consume(n);
    }
    open_ = false;
    wake_.notify();
  }

private:
  void enqueue(bool binary, std::string data) {
    if (!open()) return;
    queue_.emplace_back(binary, std::move(data));
    wake_.notify();
  }

  static net::asio::awaitable<void> writer(std::shared_ptr<ws_peer> self) {
    using net::asio::as_tuple;
    using net::asio::use_awaitable;
    while (self->open_) {
      if (self->queue_.empty()) {
        if (self->closing_) {
          co_await self->ws_.async_close(self->close_reason_, as_tuple(use_awaitable));
          self->open_ = false;
          break;
        }
        co_await self->wake_.wait();
        continue;
      }
      auto [binary, data] = std::move(self->queue_.front());
      self->queue_.pop_front();
      self->ws_.binary(binary);
      auto [ec, n] = co_await self->ws_.async_write(net::asio::buffer(data), as_tuple(use_awaitable));
      if (ec) self->open_ = false;
    }
  }

  net::websocket::stream<Stream> ws_;
  net::wake_signal wake_;
  std::deque<std::pair<bool, std::string>> queue_;
  bool open_ = true;
  bool closing_ = false;
  net::websocket::close_reason close_reason_;
};

}  // namespace wmpulse::sim
