#pragma once
// A tutorial-protocol peer on 127.0.0.1 (ephemeral port) that, once the client has subscribed
// and the test calls send_burst(), sends all its frames in one TCP write: they are all in the
// client's receive buffer before the client (whose context the test holds still) reads again.
// The connection then stays open until the peer is destroyed.
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/websocket.hpp>

namespace wmpulse::sources::testing {

class burst_peer {
public:
  explicit burst_peer(std::vector<std::string> frames)
      : frames_(std::move(frames)), acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    port_ = acceptor_.local_endpoint().port();
    acceptor_.non_blocking(true);
    thread_ = std::thread([this] { serve(); });
  }
  ~burst_peer() {
    stopping_ = true;
    thread_.join();
  }

  std::string url() const { return "ws://127.0.0.1:" + std::to_string(port_) + "/api/v2/analytics/events/stream"; }
  bool subscribed() const { return subscribed_.load(); }
  // Blocks (at most 10 s) until the burst is written; true when it was.
  bool send_burst() {
    go_ = true;
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!sent_ && std::chrono::steady_clock::now() < limit) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return sent_;
  }

private:
  using tcp = boost::asio::ip::tcp;

  // A server's text frame: unmasked, FIN set, payloads under 64 KiB.
  static void append_frame(std::string& out, const std::string& payload) {
    out += '\x81';
    if (payload.size() < 126) {
      out += static_cast<char>(payload.size());
    } else {
      out += static_cast<char>(126);
      out += static_cast<char>(payload.size() >> 8);
      out += static_cast<char>(payload.size() & 0xff);
    }
    out += payload;
  }

  void wait_for(const std::atomic<bool>& flag) {
    while (!flag && !stopping_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  void serve() {
    tcp::socket s(ioc_);
    boost::system::error_code ec;
    while (!stopping_) {
      acceptor_.accept(s, ec);
      if (!ec) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (stopping_) return;
    boost::beast::websocket::stream<tcp::socket> ws(std::move(s));
    ws.accept(ec);
    boost::beast::flat_buffer subscription;
    if (!ec) ws.read(subscription, ec);
    if (ec) return;
    subscribed_ = true;
    wait_for(go_);
    std::string burst;
    for (const auto& f : frames_) append_frame(burst, f);
    boost::asio::write(ws.next_layer(), boost::asio::buffer(burst), ec);
    sent_ = !ec;
    wait_for(stopping_);
  }

  std::vector<std::string> frames_;
  boost::asio::io_context ioc_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<bool> subscribed_{false}, go_{false}, sent_{false}, stopping_{false};
  std::thread thread_;
};

}  // namespace wmpulse::sources::testing
