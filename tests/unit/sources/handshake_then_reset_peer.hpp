#pragma once
// A WebSocket peer on 127.0.0.1 (ephemeral port) that breaks its first connection between the
// upgrade and the client's first message: it reads the upgrade request, waits until the test
// calls answer_and_reset(), then answers 101 and resets the connection (SO_LINGER 0), and waits
// until the kernel has taken the client's side down. A client whose context the test held
// still meanwhile finds the answer readable and its socket already reset, so its first write
// fails. Later connections are accepted, counted and left waiting.
#include <atomic>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace wmpulse::sources::testing {

class handshake_then_reset_peer {
public:
  handshake_then_reset_peer() : acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    port_ = acceptor_.local_endpoint().port();
    acceptor_.non_blocking(true);
    thread_ = std::thread([this] { serve(); });
  }
  ~handshake_then_reset_peer() {
    stopping_ = true;
    thread_.join();
  }

  std::string url() const { return "ws://127.0.0.1:" + std::to_string(port_) + "/api/v2/analytics/events/stream"; }
  int connections() const { return connections_.load(); }
  bool request_read() const { return request_read_.load(); }
  // Blocks until the first connection is answered, reset, and gone on the client's side too.
  bool answer_and_reset() {
    answer_ = true;
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!reset_done_ && std::chrono::steady_clock::now() < limit) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return reset_done_;
  }

private:
  using tcp = boost::asio::ip::tcp;

  // Polls (bounded by the destructor) for the next connection; the acceptor is non-blocking.
  bool accept(tcp::socket& s) {
    while (!stopping_) {
      boost::system::error_code ec;
      acceptor_.accept(s, ec);
      if (!ec) {
        ++connections_;
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
  }

  void serve() {
    namespace beast = boost::beast;
    tcp::socket first(ioc_);
    if (!accept(first)) return;
    beast::flat_buffer buffer;
    beast::http::request<beast::http::string_body> upgrade;
    boost::system::error_code ec;
    beast::http::read(first, buffer, upgrade, ec);
    request_read_ = true;
    while (!answer_ && !stopping_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    beast::websocket::stream<tcp::socket> ws(std::move(first));
    ws.accept(upgrade, ec);
    ws.next_layer().set_option(boost::asio::socket_base::linger(true, 0), ec);
    ws.next_layer().close(ec);
    while (!stopping_ && established_to(port_)) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    reset_done_ = true;
    std::vector<tcp::socket> later;
    for (tcp::socket s(ioc_); accept(s); s = tcp::socket(ioc_)) later.push_back(std::move(s));
  }

  // Whether /proc/net/tcp still lists an established connection to the port (the client's side).
  static bool established_to(unsigned short port) {
    std::ifstream table("/proc/net/tcp");
    std::string line;
    std::getline(table, line);  // header
    std::ostringstream remote;
    remote << ':' << std::uppercase << std::hex << std::setw(4) << std::setfill('0') << port;
    while (std::getline(table, line)) {
      std::istringstream fields(line);
      std::string slot, local, rem, state;
      fields >> slot >> local >> rem >> state;
      if (rem.size() >= 5 && rem.substr(rem.size() - 5) == remote.str() && state == "01") return true;
    }
    return false;
  }

  boost::asio::io_context ioc_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<int> connections_{0};
  std::atomic<bool> request_read_{false}, answer_{false}, reset_done_{false}, stopping_{false};
  std::thread thread_;
};

}  // namespace wmpulse::sources::testing
