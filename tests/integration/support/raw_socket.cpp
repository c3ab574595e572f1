#include "support/raw_socket.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstdio>

namespace wmpulse::testing {
namespace {

using clock_type = std::chrono::steady_clock;

int millis_left(clock_type::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

bool wait_for(int fd, short events, clock_type::time_point deadline) {
  pollfd p{fd, events, 0};
  int r = 0;
  do {
    r = ::poll(&p, 1, millis_left(deadline));
  } while (r < 0 && errno == EINTR);
  return r > 0;
}

sockaddr_in loopback(const std::string& ip, unsigned short port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  ::inet_pton(AF_INET, ip.c_str(), &a.sin_addr);
  return a;
}

}  // namespace

socket_fd& socket_fd::operator=(socket_fd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.release();
  }
  return *this;
}

socket_fd::~socket_fd() {
  if (fd_ >= 0) ::close(fd_);
}

int socket_fd::release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

void socket_fd::reset_close() {
  if (fd_ < 0) return;
  linger l{1, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  ::close(release());
}

socket_fd connect_to(unsigned short port, const connect_options& o) {
  socket_fd s(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!s.valid()) return s;
  int one = 1;
  ::setsockopt(s.get(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);  // port chosen at connect
  if (o.receive_buffer > 0) ::setsockopt(s.get(), SOL_SOCKET, SO_RCVBUF, &o.receive_buffer, sizeof o.receive_buffer);
  auto source = loopback(o.source_ip, 0);
  if (::bind(s.get(), reinterpret_cast<sockaddr*>(&source), sizeof source) != 0) return socket_fd();
  auto target = loopback("127.0.0.1", port);
  if (::connect(s.get(), reinterpret_cast<sockaddr*>(&target), sizeof target) != 0) {
    if (errno != EINPROGRESS) return socket_fd();
    if (!wait_for(s.get(), POLLOUT, clock_type::now() + o.timeout)) return socket_fd();
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(s.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
      errno = err;
      return socket_fd();
    }
  }
  return s;
}

bool send_all(int fd, std::string_view data, std::chrono::milliseconds timeout) {
  const auto deadline = clock_type::now() + timeout;
  while (!data.empty()) {
    auto n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN) return false;
    if (!wait_for(fd, POLLOUT, deadline)) return false;
  }
  return true;
}

read_outcome read_until_closed(int fd, std::chrono::milliseconds timeout, std::size_t max_bytes) {
  read_outcome out;
  const auto deadline = clock_type::now() + timeout;
  char chunk[16384];
  while (wait_for(fd, POLLIN, deadline)) {
    auto n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) {
      out.closed = true;
      break;
    }
    std::size_t keep = std::min(static_cast<std::size_t>(n), max_bytes - std::min(max_bytes, out.data.size()));
    out.data.append(chunk, keep);
  }
  return out;
}

raw_reply raw_http(unsigned short port, const std::string& method, const std::string& target,
                   const std::string& extra_headers, const std::string& body, const connect_options& o) {
  raw_reply reply;
  auto s = connect_to(port, o);
  if (!s.valid()) return reply;
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                        "\r\nConnection: close\r\n" + extra_headers;
  if (!body.empty() || method == "POST") request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  request += "\r\n" + body;
  if (!send_all(s.get(), request, o.timeout)) return reply;
  auto got = read_until_closed(s.get(), o.timeout, 64 << 20);
  auto end = got.data.find("\r\n\r\n");
  if (got.data.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) return reply;
  reply.status = static_cast<unsigned>(std::atoi(got.data.c_str() + 9));
  reply.headers = got.data.substr(0, end);
  reply.body = got.data.substr(end + 4);
  return reply;
}

long raise_open_files_limit() {
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) != 0) return -1;
  if (r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &r);
    ::getrlimit(RLIMIT_NOFILE, &r);
  }
  return static_cast<long>(r.rlim_cur);
}

std::string url_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

}  // namespace wmpulse::testing
