#pragma once
// A tutorial-protocol peer on 127.0.0.1 (ephemeral port) that accepts the client's connection
// and then sends nothing, but keeps reading, so Beast answers the client's pings: quiet, and
// alive. Counts connections and the pings it received.
#include <atomic>
#include <string>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast/websocket.hpp>

namespace wmpulse::sources::testing {

class quiet_peer {
public:
  quiet_peer() : acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    port_ = acceptor_.local_endpoint().port();
    boost::asio::co_spawn(ioc_, serve(), boost::asio::detached);
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~quiet_peer() {
    ioc_.stop();
    thread_.join();
  }

  std::string url() const { return "ws://127.0.0.1:" + std::to_string(port_) + "/api/v2/analytics/events/stream"; }
  int connections() const { return connections_.load(); }
  int pings() const { return pings_.load(); }

private:
  using tcp = boost::asio::ip::tcp;
  static constexpr auto tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

  boost::asio::awaitable<void> serve() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(tuple);
      if (ec) co_return;
      ++connections_;
      boost::asio::co_spawn(ioc_, talk(std::move(socket)), boost::asio::detached);
    }
  }

  boost::asio::awaitable<void> talk(tcp::socket socket) {
    namespace websocket = boost::beast::websocket;
    websocket::stream<tcp::socket> ws(std::move(socket));
    ws.control_callback([this](websocket::frame_type kind, boost::beast::string_view) {
      if (kind == websocket::frame_type::ping) ++pings_;
    });
    auto [ec] = co_await ws.async_accept(tuple);
    boost::beast::flat_buffer buffer;
    while (!ec) {
      auto [read_ec, n] = co_await ws.async_read(buffer, tuple);
      ec = read_ec;
      buffer.consume(n);
    }
  }

  boost::asio::io_context ioc_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<int> connections_{0}, pings_{0};
  std::thread thread_;
};

}  // namespace wmpulse::sources::testing
