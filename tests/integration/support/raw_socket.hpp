#pragma once
// Plain POSIX TCP clients for hostile tests: sockets bound to a chosen loopback source address
// (127.0.0.2 … so that a probe from 127.0.0.1 is not counted against the per-client cap), with
// every wait bounded by a deadline.
#include <chrono>
#include <string>
#include <string_view>

namespace wmpulse::testing {

// Owns one file descriptor; closes it on destruction.
class socket_fd {
public:
  socket_fd() = default;
  explicit socket_fd(int fd) : fd_(fd) {}
  socket_fd(socket_fd&& o) noexcept : fd_(o.release()) {}
  socket_fd& operator=(socket_fd&& o) noexcept;
  ~socket_fd();
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release();
  // Closes with SO_LINGER 0: the peer sees a reset and no TIME_WAIT is left behind.
  void reset_close();

private:
  int fd_ = -1;
};

struct connect_options {
  std::string source_ip = "127.0.0.1";
  int receive_buffer = 0;  // SO_RCVBUF before connect; 0: kernel default
  std::chrono::milliseconds timeout{2000};
};

// A connected socket to 127.0.0.1:port, or an invalid one (errno says why).
socket_fd connect_to(unsigned short port, const connect_options& o = {});

bool send_all(int fd, std::string_view data, std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));

struct read_outcome {
  std::string data;
  bool closed = false;  // EOF or reset seen before the deadline
};
// Reads until the peer closes, max_bytes are kept (the rest is discarded), or the deadline.
read_outcome read_until_closed(int fd, std::chrono::milliseconds timeout, std::size_t max_bytes = 1 << 20);

// A whole HTTP/1.1 exchange over a fresh connection ("Connection: close" is added).
struct raw_reply {
  unsigned status = 0;  // 0: no answer before the deadline
  std::string headers;
  std::string body;
};
raw_reply raw_http(unsigned short port, const std::string& method, const std::string& target,
                   const std::string& extra_headers = {}, const std::string& body = {},
                   const connect_options& o = {});

// Raises this process's RLIMIT_NOFILE soft limit to its hard limit; returns the soft limit now.
long raise_open_files_limit();

// Percent-encodes everything but unreserved characters (for a query string).
std::string url_encode(std::string_view text);

}  // namespace wmpulse::testing
