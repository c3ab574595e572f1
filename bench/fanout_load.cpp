#include "fanout_load.hpp"

#include <memory>

namespace wmpulse::bench {
namespace {
namespace asio = net::asio;
namespace beast = net::beast;
namespace http = net::http;
namespace websocket = net::websocket;
using tcp = net::tcp;

struct load_state {
  int subscribers = 0;
  std::map<std::int64_t, int> received;  // tick value → subscribers that have it
  tick_report totals;
  std::function<void(const tick_report&)> report;
  int connecting = 0;
  int next_to_start = 0;
  int limit = 0;

  void on_frame(const std::string& text) {
    auto pos = text.find(R"("activeSessions":)");
    std::int64_t value = pos == std::string::npos ? -1 : std::strtoll(text.c_str() + pos + 17, nullptr, 10);
    if (text != expected_frame(value)) ++totals.bad_frames;
    if (++received[value] == subscribers - totals.failed) done(value);
  }
  void done(std::int64_t value) {
    received.erase(value);
    totals.value = value;
    report(totals);
  }
};

asio::awaitable<void> subscriber(tcp::endpoint ep, load_state& st, std::function<void()> connected) {
  websocket::stream<beast::tcp_stream> ws(co_await asio::this_coro::executor);
  try {
    co_await beast::get_lowest_layer(ws).async_connect(ep, asio::use_awaitable);
    ws.set_option(websocket::stream_base::decorator(
        [](websocket::request_type& r) { r.set(http::field::sec_websocket_protocol, "graphql-transport-ws"); }));
    co_await ws.async_handshake("127.0.0.1", "/graphql", asio::use_awaitable);
    ws.text(true);
    beast::flat_buffer b;
    co_await ws.async_write(asio::buffer(std::string_view(R"({"type":"connection_init"})")), asio::use_awaitable);
    co_await ws.async_read(b, asio::use_awaitable);
    b.clear();
    constexpr std::string_view subscribe =
        R"({"id":"s","type":"subscribe","payload":{"query":"subscription { realTimeMetrics { activeSessions totalConnections avgSessionDurationMs messagesPerMinute } }"}})";
    co_await ws.async_write(asio::buffer(subscribe), asio::use_awaitable);
    connected();
    for (;;) {
      co_await ws.async_read(b, asio::use_awaitable);
      st.on_frame(beast::buffers_to_string(b.data()));
      b.clear();
    }
  } catch (const std::exception&) {
    ++st.totals.failed;
    connected();
  }
}

void start_more(asio::io_context& ioc, tcp::endpoint ep, load_state& st) {
  while (st.connecting < st.limit && st.next_to_start < st.subscribers) {
    ++st.connecting;
    ++st.next_to_start;
    auto once = std::make_shared<bool>(false);
    asio::co_spawn(ioc, subscriber(ep, st, [&ioc, ep, &st, once] {
      if (*once) return;
      *once = true;
      --st.connecting;
      start_more(ioc, ep, st);
    }), asio::detached);
  }
}

}  // namespace

void run_load(std::uint16_t port, int subscribers, int concurrent_connects,
              const std::function<void(const tick_report&)>& report) {
  asio::io_context ioc(1);
  load_state st;
  st.subscribers = subscribers;
  st.report = report;
  st.limit = concurrent_connects;
  start_more(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), st);
  ioc.run();
}

}  // namespace wmpulse::bench
