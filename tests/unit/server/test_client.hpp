#pragma once
// Blocking HTTP and WebSocket clients for the loopback tests. Every read has a socket-level
// timeout, so a server that never answers fails the test instead of hanging it.
#include <string>
#include <utility>
#include <vector>

#include "net/net.hpp"

namespace wmpulse::server::testing {
namespace asio = net::asio;
namespace beast = net::beast;
namespace http = net::http;
namespace websocket = net::websocket;
using tcp = net::tcp;

inline void set_read_timeout(tcp::socket& s, int seconds) {
  timeval tv{seconds, 0};
  ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

inline tcp::socket connect_to(asio::io_context& ioc, std::uint16_t port, const char* host = "127.0.0.1",
                              int receive_buffer = 0) {
  tcp::socket s(ioc);
  auto address = asio::ip::make_address(host);
  s.open(address.is_v6() ? tcp::v6() : tcp::v4());
  if (receive_buffer > 0) s.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
  s.connect(tcp::endpoint(address, port));
  set_read_timeout(s, 5);
  return s;
}

using response = http::response<http::string_body>;

// Sends `raw` as is (to test what a library client would refuse to send) and reads one response.
inline response raw_exchange(tcp::socket& s, const std::string& raw) {
  asio::write(s, asio::buffer(raw));
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  parser.skip(false);
  http::read(s, buffer, parser);
  return parser.release();
}

inline response request(std::uint16_t port, http::verb method, std::string target,
                        std::vector<std::pair<std::string, std::string>> headers = {}, std::string body = {},
                        const char* host = "127.0.0.1") {
  asio::io_context ioc;
  auto s = connect_to(ioc, port, host);
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "localhost");
  for (auto& [n, v] : headers) req.set(n, v);
  req.body() = std::move(body);
  req.prepare_payload();
  http::write(s, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  if (method == http::verb::head) parser.skip(true);
  http::read(s, buffer, parser);
  return parser.release();
}

// A graphql-transport-ws client.
struct ws_client {
  asio::io_context ioc;
  websocket::stream<tcp::socket> ws;
  std::string protocol;  // the server's choice

  // `authorization`: the upgrade's Authorization header, when not empty.
  explicit ws_client(std::uint16_t port, std::string offer = "graphql-transport-ws", int receive_buffer = 0,
                     std::string authorization = {})
      : ws(connect_to(ioc, port, "127.0.0.1", receive_buffer)) {
    ws.set_option(websocket::stream_base::decorator([offer, authorization](websocket::request_type& r) {
      if (!offer.empty()) r.set(http::field::sec_websocket_protocol, offer);
      if (!authorization.empty()) r.set(http::field::authorization, authorization);
    }));
    websocket::response_type res;
    ws.handshake(res, "localhost", "/graphql");
    protocol = std::string(res[http::field::sec_websocket_protocol]);
    ws.text(true);
  }
  void send(const std::string& text) { ws.write(asio::buffer(text)); }
  // The next message, or "" with `closed` set when the server closed the socket.
  std::string read() {
    beast::flat_buffer b;
    beast::error_code ec;
    ws.read(b, ec);
    if (ec) {
      error = ec;
      return {};
    }
    return beast::buffers_to_string(b.data());
  }
  int close_code() const { return ws.reason().code; }
  beast::error_code error;
};

}  // namespace wmpulse::server::testing
