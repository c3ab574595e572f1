#include "fanout_load.hpp"

#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wmpulse::bench {
namespace {
namespace asio = net::asio;
namespace beast = net::beast;
namespace http = net::http;
namespace websocket = net::websocket;
using tcp = net::tcp;

std::int64_t cpu_us() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1'000'000LL + u.ru_utime.tv_usec + u.ru_stime.tv_usec;
}

// Connecting: Beast does the handshake, connection_init and subscribe; then the socket is
// handed over to the frame reader below.
struct connect_state {
  int subscribers = 0;
  int connecting = 0;
  int next_to_start = 0;
  int limit = 0;
  int failed = 0;
  std::vector<tcp::socket> ready;
};

asio::awaitable<void> subscriber(tcp::endpoint ep, connect_state& st, std::function<void()> connected) {
  websocket::stream<beast::tcp_stream> ws(co_await asio::this_coro::executor);
  try {
    co_await beast::get_lowest_layer(ws).async_connect(ep, asio::use_awaitable);
    ws.set_option(websocket::stream_base::decorator(
        [](websocket::request_type& r) { r.set(http::field::sec_websocket_protocol, "graphql-transport-ws"); }));
    co_await ws.async_handshake("127.0.0.1", "/graphql", asio::use_awaitable);
    ws.text(true);
    beast::flat_buffer b;
    co_await ws.async_write(asio::buffer(std::string_view(R"({"type":"connection_init"})")), asio::use_awaitable);
    co_await ws.async_read(b, asio::use_awaitable);  // connection_ack: nothing else comes before subscribe's answer
    constexpr std::string_view subscribe =
        R"({"id":"s","type":"subscribe","payload":{"query":"subscription { realTimeMetrics { activeSessions totalConnections avgSessionDurationMs messagesPerMinute } }"}})";
    co_await ws.async_write(asio::buffer(subscribe), asio::use_awaitable);
    st.ready.push_back(ws.next_layer().release_socket());
  } catch (const std::exception&) {
    ++st.failed;
  }
  connected();
}

void start_more(asio::io_context& ioc, tcp::endpoint ep, connect_state& st) {
  while (st.connecting < st.limit && st.next_to_start < st.subscribers) {
    ++st.connecting;
    ++st.next_to_start;
    asio::co_spawn(ioc, subscriber(ep, st, [&ioc, ep, &st] {
      --st.connecting;
      start_more(ioc, ep, st);
    }), asio::detached);
  }
}

// Reading: one epoll loop over plain sockets, parsing the server's (unmasked) frames by hand,
// so that the load generator costs little next to the server it measures.
class frame_reader {
public:
  frame_reader(int subscribers, int failed, const std::function<void(const tick_report&)>& report)
      : subscribers_(subscribers), report_(report) {
    totals_.failed = failed;
  }

  void run(std::vector<tcp::socket>& sockets) {
    epoll_ = ::epoll_create1(0);
    for (auto& s : sockets) {
      const int fd = s.release();
      conns_.emplace(fd, std::string());
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.fd = fd;
      ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
    }
    std::vector<epoll_event> events(1024);
    std::vector<char> in(1 << 16);
    while (!conns_.empty()) {
      const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), -1);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;
      for (int i = 0; i < n; ++i) on_readable(events[i].data.fd, in);
    }
  }

private:
  void on_readable(int fd, std::vector<char>& in) {
    auto it = conns_.find(fd);
    if (it == conns_.end()) return;
    const ssize_t got = ::recv(fd, in.data(), in.size(), MSG_DONTWAIT);
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (got <= 0) return fail(fd);
    std::string& pending = it->second;
    std::string_view data(in.data(), static_cast<std::size_t>(got));
    if (!pending.empty()) {
      pending.append(data);
      data = pending;
    }
    const std::size_t used = parse(fd, data);
    if (!conns_.contains(fd)) return;  // failed while parsing
    std::string rest(data.substr(used));
    pending = std::move(rest);
  }

  // Handles every whole frame in `data`; returns the bytes they took.
  std::size_t parse(int fd, std::string_view data) {
    std::size_t at = 0;
    for (;;) {
      std::string_view left = data.substr(at);
      if (left.size() < 2) return at;
      const auto b0 = static_cast<unsigned char>(left[0]), b1 = static_cast<unsigned char>(left[1]);
      std::size_t header = 2, length = b1 & 0x7f;
      if (length == 126) {
        if (left.size() < 4) return at;
        header = 4;
        length = (static_cast<unsigned char>(left[2]) << 8) | static_cast<unsigned char>(left[3]);
      } else if (length == 127) {
        return fail(fd), at;  // no frame of the bench is that large
      }
      if (left.size() < header + length) return at;
      on_frame(fd, b0, left.substr(header, length));
      if (!conns_.contains(fd)) return at;
      at += header + length;
    }
  }

  void on_frame(int fd, unsigned char b0, std::string_view payload) {
    const unsigned opcode = b0 & 0x0f;
    if (opcode == 0x9) return pong(fd, payload);  // the server's keep-alive ping
    if (opcode == 0xa) return;
    if (opcode != 0x1 || !(b0 & 0x80)) return fail(fd);  // a close, or a fragment: not expected
    constexpr std::string_view key = R"("activeSessions":)";
    auto pos = payload.find(key);
    const std::int64_t value = pos == std::string_view::npos ? -1 : std::strtoll(payload.data() + pos + key.size(), nullptr, 10);
    if (payload != expected(value)) ++totals_.bad_frames;
    if (++received_[value] == subscribers_ - totals_.failed) done(value);
  }

  const std::string& expected(std::int64_t value) {
    auto it = expected_.find(value);
    if (it == expected_.end()) it = expected_.emplace(value, expected_frame(value)).first;
    return it->second;
  }

  void pong(int fd, std::string_view payload) {
    if (payload.size() > 125) return fail(fd);
    std::string f{'\x8a', static_cast<char>(0x80 | payload.size()), 0, 0, 0, 0};  // masked with a zero key
    f.append(payload);
    if (::send(fd, f.data(), f.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(f.size())) fail(fd);
  }

  void fail(int fd) {
    ::close(fd);  // also leaves the epoll set
    conns_.erase(fd);
    ++totals_.failed;
    for (auto& [value, count] : received_)
      if (count == subscribers_ - totals_.failed) return done(value);
  }

  void done(std::int64_t value) {
    received_.erase(value);
    expected_.erase(value);
    totals_.value = value;
    totals_.client_cpu_us = cpu_us();
    report_(totals_);
  }

  int subscribers_;
  const std::function<void(const tick_report&)>& report_;
  int epoll_ = -1;
  std::unordered_map<int, std::string> conns_;  // fd → bytes of an unfinished frame
  std::map<std::int64_t, int> received_;        // tick value → subscribers that have it
  std::unordered_map<std::int64_t, std::string> expected_;
  tick_report totals_;
};

}  // namespace

void run_load(std::uint16_t port, int subscribers, int concurrent_connects,
              const std::function<void(const tick_report&)>& report) {
  asio::io_context ioc(1);
  connect_state st;
  st.subscribers = subscribers;
  st.limit = concurrent_connects;
  start_more(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), st);
  ioc.run();  // until every subscriber has connected and subscribed, or failed
  frame_reader reader(subscribers, st.failed, report);
  reader.run(st.ready);
}

}  // namespace wmpulse::bench
