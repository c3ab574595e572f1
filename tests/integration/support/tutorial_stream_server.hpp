#pragma once
// A tutorial-protocol event source for tests: a WebSocket server on 127.0.0.1 (ephemeral port)
// that checks the client's subscription message and then sends scripted frames. Connection i
// sends the next drop_after[i] frames and then drops the TCP connection without a close frame;
// the last connection sends whatever is left and stays open.
#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>

namespace wmpulse::testing {

class tutorial_stream_server {
public:
  tutorial_stream_server(std::vector<std::string> frames, std::vector<std::size_t> drop_after);
  ~tutorial_stream_server();

  unsigned short port() const { return port_; }
  std::string url() const { return "ws://127.0.0.1:" + std::to_string(port_) + "/api/v2/analytics/events/stream"; }
  int connections() const { return connections_.load(); }
  std::size_t frames_sent() const { return sent_.load(); }
  std::vector<std::string> subscription_messages() const;
  std::vector<std::string> authorization_headers() const;

private:
  void serve();

  std::vector<std::string> frames_;
  std::vector<std::size_t> drop_after_;
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<int> connections_{0};
  std::atomic<std::size_t> sent_{0};
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> subscriptions_;
  std::vector<std::string> authorizations_;
  std::thread thread_;
};

}  // namespace wmpulse::testing
