#include "support/tutorial_stream_server.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace wmpulse::testing {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

tutorial_stream_server::tutorial_stream_server(std::vector<std::string> frames, std::vector<std::size_t> drop_after)
    : frames_(std::move(frames)), drop_after_(std::move(drop_after)),
      acceptor_(ioc_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)) {
  port_ = acceptor_.local_endpoint().port();
  thread_ = std::thread([this] { serve(); });
}

tutorial_stream_server::~tutorial_stream_server() {
  stopping_ = true;
  // Wake the blocking accept() with a connection of our own; the loop then sees stopping_.
  boost::asio::io_context wake_ioc;
  tcp::socket wake(wake_ioc);
  boost::system::error_code ec;
  wake.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_), ec);
  if (thread_.joinable()) thread_.join();
  acceptor_.close(ec);
}

std::vector<std::string> tutorial_stream_server::subscription_messages() const {
  std::lock_guard lock(mutex_);
  return subscriptions_;
}

std::vector<std::string> tutorial_stream_server::authorization_headers() const {
  std::lock_guard lock(mutex_);
  return authorizations_;
}

void tutorial_stream_server::serve() {
  std::size_t cursor = 0;
  std::vector<std::unique_ptr<websocket::stream<tcp::socket>>> open;  // the last one stays open
  while (!stopping_) {
    tcp::socket socket(ioc_);
    boost::system::error_code ec;
    acceptor_.accept(socket, ec);
    if (ec || stopping_) return;
    auto ws = std::make_unique<websocket::stream<tcp::socket>>(std::move(socket));
    beast::http::request<beast::http::string_body> upgrade;
    beast::flat_buffer buffer;
    beast::http::read(ws->next_layer(), buffer, upgrade, ec);
    if (ec) continue;
    ws->accept(upgrade, ec);
    if (ec) continue;
    beast::flat_buffer first;
    ws->read(first, ec);
    if (ec) continue;
    {
      std::lock_guard lock(mutex_);
      subscriptions_.push_back(beast::buffers_to_string(first.data()));
      authorizations_.emplace_back(upgrade[beast::http::field::authorization]);
    }
    const int index = connections_++;
    const bool drops = static_cast<std::size_t>(index) < drop_after_.size();
    const std::size_t limit = drops ? std::min(frames_.size(), cursor + drop_after_[index]) : frames_.size();
    ws->text(true);
    for (; cursor < limit && !ec; ++cursor) {
      ws->write(boost::asio::buffer(frames_[cursor]), ec);
      if (!ec) ++sent_;
    }
    if (drops) {
      // Abrupt: shut the TCP connection down without a WebSocket close frame.
      ws->next_layer().shutdown(tcp::socket::shutdown_both, ec);
      ws->next_layer().close(ec);
    } else {
      open.push_back(std::move(ws));
    }
  }
}

}  // namespace wmpulse::testing
