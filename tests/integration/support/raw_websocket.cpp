#include "support/raw_websocket.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <thread>
#include <random>

namespace wmpulse::testing {

socket_fd raw_ws_open(unsigned short port, const connect_options& o) {
  auto s = connect_to(port, o);
  if (!s.valid()) return s;
  const std::string upgrade = "GET /graphql HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                              "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                              "Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n";
  if (!send_all(s.get(), upgrade, o.timeout)) return socket_fd();
  // Read the answer's header one byte at a time, so that nothing after it is consumed.
  std::string header;
  const auto deadline = std::chrono::steady_clock::now() + o.timeout;
  while (header.size() < 8192 && header.find("\r\n\r\n") == std::string::npos) {
    pollfd p{s.get(), POLLIN, 0};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return socket_fd();
    char c = 0;
    auto n = ::recv(s.get(), &c, 1, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) return socket_fd();
    header += c;
  }
  if (header.rfind("HTTP/1.1 101", 0) != 0) return socket_fd();
  return s;
}

std::string ws_text_frame(std::string_view payload) {
  std::string f;
  f += static_cast<char>(0x81);  // FIN, text
  const auto n = payload.size();
  if (n < 126) {
    f += static_cast<char>(0x80 | n);
  } else if (n < 65536) {
    f += static_cast<char>(0x80 | 126);
    for (int shift = 8; shift >= 0; shift -= 8) f += static_cast<char>((n >> shift) & 0xff);
  } else {
    f += static_cast<char>(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) f += static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xff);
  }
  static thread_local std::mt19937 rng(12345);
  char mask[4];
  for (auto& m : mask) m = static_cast<char>(rng() & 0xff);
  f.append(mask, 4);
  for (std::size_t i = 0; i < n; ++i) f += static_cast<char>(payload[i] ^ mask[i % 4]);
  return f;
}

std::size_t peers_gone(const std::vector<socket_fd>& sockets, std::chrono::milliseconds timeout) {
  std::vector<pollfd> fds;
  for (const auto& s : sockets) fds.push_back({s.get(), POLLRDHUP, 0});
  std::size_t gone = 0;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    for (auto& p : fds) p.revents = 0;
    ::poll(fds.data(), fds.size(), 0);
    gone = 0;
    for (const auto& p : fds) gone += (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) ? 1 : 0;
    if (gone == fds.size() || std::chrono::steady_clock::now() >= deadline) return gone;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // bounded poll of the sockets' state
  }
}

std::size_t drained_until_closed(const std::vector<socket_fd>& sockets, std::chrono::milliseconds timeout) {
  std::vector<bool> closed(sockets.size(), false);
  std::size_t count = 0;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (count < sockets.size() && std::chrono::steady_clock::now() < deadline) {
    std::vector<pollfd> fds;
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < sockets.size(); ++i) {
      if (closed[i]) continue;
      fds.push_back({sockets[i].get(), POLLIN, 0});
      index.push_back(i);
    }
    if (::poll(fds.data(), fds.size(), 50) <= 0) continue;
    for (std::size_t k = 0; k < fds.size(); ++k) {
      if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[65536];
      auto n = ::recv(fds[k].fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        closed[index[k]] = true;
        ++count;
      }
    }
  }
  return count;
}

unsigned close_code_in(std::string_view bytes) {
  std::size_t at = 0;
  while (at + 2 <= bytes.size()) {
    const auto opcode = static_cast<unsigned char>(bytes[at]) & 0x0f;
    std::uint64_t len = static_cast<unsigned char>(bytes[at + 1]) & 0x7f;
    std::size_t header = 2;
    const int extra = len == 126 ? 2 : len == 127 ? 8 : 0;
    if (extra) {
      if (at + 2 + static_cast<std::size_t>(extra) > bytes.size()) return 0;
      len = 0;
      for (int i = 0; i < extra; ++i) len = (len << 8) | static_cast<unsigned char>(bytes[at + 2 + static_cast<std::size_t>(i)]);
      header += static_cast<std::size_t>(extra);
    }
    if (opcode == 8) {
      if (len < 2 || at + header + 2 > bytes.size()) return 0;
      return (static_cast<unsigned char>(bytes[at + header]) << 8) | static_cast<unsigned char>(bytes[at + header + 1]);
    }
    at += header + static_cast<std::size_t>(len);
  }
  return 0;
}

}  // namespace wmpulse::testing
