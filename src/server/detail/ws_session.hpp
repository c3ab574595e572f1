#pragma once
// One WebSocket session speaking graphql-transport-ws: a read loop feeding
// graphql_ws_connection, a writer draining the outbox (one write at a time, on the session's
// strand: its I/O thread's io_context, run by that thread alone; chained by completion
// handlers), and a one-shot init timer. The hub reaches it through next_sink::offer.
// A template on the stream under the WebSocket so that the tests drive it over
// beast::test::stream; the server instantiates it for beast::tcp_stream only (ws_session.cpp).
#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/beast/websocket/ssl.hpp>

#include "core/log.hpp"
#include "net/handler_memory.hpp"
#include "server/detail/server_state.hpp"
#include "server/graphql_ws_connection.hpp"
#include "server/outbox.hpp"

namespace wmpulse::server::detail {

// Whether the client offered graphql-transport-ws in Sec-WebSocket-Protocol (a comma list).
bool offers_graphql_transport_ws(const http::request<http::string_body>& req);
// The lane an operation's work runs on: the one HTTP would choose for a document of its size.
worker_lane& lane_for_operation(server_state& state, std::string_view message);

template <class Stream>
class ws_session final : public session_base,
                         public ws_transport,
                         public next_sink,
                         public ws_work_runner,
                         public std::enable_shared_from_this<ws_session<Stream>> {
public:
  ws_session(server_state& state, Stream stream, std::shared_ptr<const access_control> gate)
      : state_(state),
        ws_(std::move(stream)),
        outbox_(outbox::limits{state.opts.ws_max_control_bytes, state.opts.ws_write_timeout_ms}),
        init_timer_(ws_.get_executor()) {
    if (gate) gated_.emplace(*state.ws_backend, std::move(gate));
  }
  ~ws_session() override { state_.sessions.remove(this); }

  asio::any_io_executor executor() { return ws_.get_executor(); }

  // The coroutine owns its session through `self` (see http_session::run).
  asio::awaitable<void> run(std::shared_ptr<ws_session> self, http::request<http::string_body> req) {
    bool protocol_ok = offers_graphql_transport_ws(req);
    configure(protocol_ok);
    auto [ec] = co_await ws_.async_accept(req, tuple_awaitable);
    if (ec) co_return;
    ++state_.ws_sessions;
    if (!protocol_ok) {
      // graphql-ws accepts the socket and closes it with 4406 (its CloseCode enum).
      co_await ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(4406), "Subprotocol not acceptable"), tuple_awaitable);
      co_return;
    }
    graphql_ws_backend& backend = gated_ ? static_cast<graphql_ws_backend&>(*gated_) : *state_.ws_backend;
    conn_.emplace(backend, state_.hub, state_.clock, *this, std::weak_ptr<next_sink>(self),
                  graphql_ws_connection::options{state_.opts.ws_init_timeout_ms, state_.opts.ws_max_operations,
                                                 state_.opts.ws_max_distinct_subscriptions,
                                                 state_.opts.ws_max_result_bytes},
                  *this);
    if (state_.stopping) shutdown();
    spawn(executor(), watch_init(), "ws init timer");
    co_await read_loop();
    finish();
  }

  // ws_transport — on the strand
  void send(std::string frame) override {
    if (!outbox_.push_control(std::move(frame))) return drop("control queue over its bound");
    kick();
  }
  void close(ws_close code, std::string_view reason) override {
    if (closing_) return;
    closing_ = true;
    close_code_ = static_cast<std::uint16_t>(code);
    close_reason_ = std::string(reason.substr(0, 120));  // a close reason is at most 123 bytes
    if (code == ws_close::bad_request) ++state_.ws_invalid_messages;
    kick();
  }
  void forget(const std::string& id) override { outbox_.forget(id); }

  // next_sink — from the publishing thread. Offers wait in the inbox; one handler per batch
  // takes them to the strand (a tick's offer costs no allocation of its own).
  void offer(const std::string& id, std::uint64_t serial, std::shared_ptr<const std::string> payload) override {
    {
      std::lock_guard lock(inbox_mutex_);
      inbox_.push_back(offered{id, serial, std::move(payload)});
      if (std::exchange(inbox_posted_, true)) return;
    }
    asio::post(ws_.get_executor(), asio::bind_allocator(net::handler_allocator<int, inbox_memory_size>(inbox_memory_),
                                                        [self = this->shared_from_this()] { self->take_inbox(); }));
  }

  // ws_work_runner — from the strand; the continuation comes back to this strand.
  std::optional<std::string> start_work(std::string_view message, std::function<continuation()> work) override {
    worker_lane& lane = lane_for_operation(state_, message);
    std::function<void()> job = [work = std::move(work), ex = executor(), weak = this->weak_from_this()] {
      asio::post(ex, [then = work(), weak] {
        auto keep = weak.lock();  // not destroyed elsewhere while `then` runs
        then();
      });
    };
    if (lane.try_post(job)) return std::nullopt;
    return "The server is busy (its " + lane.settings().name + " queue of " +
           std::to_string(lane.settings().max_queue) + " is full); try again later.";
  }

  void shutdown() override {
    asio::post(ws_.get_executor(), [self = this->shared_from_this()] {
      if (!self->conn_) return;
      self->conn_->on_closed();
      self->close(ws_close::going_away, "Server shutting down");
    });
  }

private:
  static constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

  void configure(bool protocol_ok) {
    websocket::stream_base::timeout t{};
    t.handshake_timeout = std::chrono::seconds(10);
    t.idle_timeout = state_.opts.ws_idle_timeout;
    t.keep_alive_pings = true;  // a peer that stops answering pings is closed
    ws_.set_option(t);
    ws_.set_option(websocket::stream_base::decorator([protocol_ok](websocket::response_type& res) {
      res.set(http::field::server, "wmpulse");
      if (protocol_ok) res.set(http::field::sec_websocket_protocol, graphql_transport_ws);
    }));
    ws_.read_message_max(state_.opts.ws_max_message_bytes);
    ws_.text(true);
  }

  asio::awaitable<void> read_loop() {
    beast::flat_buffer buffer;
    for (;;) {
      auto [ec, n] = co_await ws_.async_read(buffer, tuple_awaitable);
      if (ec) break;  // closed, reset, timed out, or a message over read_message_max (1009)
      auto data = buffer.cdata();
      conn_->on_message(std::string_view(static_cast<const char*>(data.data()), data.size()));
      buffer.consume(buffer.size());
    }
  }

  asio::awaitable<void> watch_init() {
    auto self = this->shared_from_this();
    while (conn_ && !conn_->closed() && !conn_->acknowledged() && !closing_) {
      core::millis left = conn_->init_deadline() - state_.clock.steady_ms();
      if (left <= 0) {
        conn_->check_timeouts();
        co_return;
      }
      init_timer_.expires_after(std::chrono::milliseconds(left));
      auto [ec] = co_await init_timer_.async_wait(tuple_awaitable);
      if (ec) co_return;
      conn_->check_timeouts();
    }
  }

  void take_inbox() {
    {
      std::lock_guard lock(inbox_mutex_);
      taken_.swap(inbox_);
      inbox_posted_ = false;
    }
    // The whole batch into the outbox first, then one write: of several ticks' values for a
    // subscription only the newest is written.
    for (auto& o : taken_) on_offer(o.id, o.serial, std::move(o.payload));
    taken_.clear();  // keeps its capacity for the next batch
    kick();
  }

  void on_offer(const std::string& id, std::uint64_t serial, std::shared_ptr<const std::string> payload) {
    // A value of a subscription that has ended (or whose id was reused since) is dropped.
    if (!conn_ || closing_ || dropped_) return;
    if (!conn_->active(id, serial)) return conn_->offer_early(id, serial, std::move(payload));
    if (outbox_.stuck(state_.clock.steady_ms())) return drop("write pending longer than the write timeout");
    if (payload->size() > state_.opts.ws_max_result_bytes) return conn_->on_oversized(id, payload->size());
    outbox_.offer_next(id, std::move(payload));  // written by take_inbox's kick
  }

  // One write at a time, chained by completion handlers: no coroutine per burst.
  void kick() {
    if (writing_ || dropped_) return;
    writing_ = true;
    write_next();
  }

  void write_next() {
    while (auto f = outbox_.pop(state_.clock.steady_ms())) {
      if (closing_ && f->payload) {
        outbox_.write_done();
        continue;  // closing: no more results
      }
      writing_frame_ = std::move(*f);
      auto done = asio::bind_allocator(
          net::handler_allocator<int, write_memory_size>(write_memory_),
          [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_written(ec); });
      if (!writing_frame_.payload) return ws_.async_write(asio::buffer(writing_frame_.text), std::move(done));
      // The shared payload and the subscription's prefix are written in place: nothing copied.
      writing_parts_ = {asio::buffer(*writing_frame_.prefix), asio::buffer(*writing_frame_.payload),
                        asio::buffer("}", 1)};
      return ws_.async_write(writing_parts_, std::move(done));
    }
    if (closing_ && !close_sent_) {
      close_sent_ = true;
      auto reason = websocket::close_reason(static_cast<websocket::close_code>(close_code_), close_reason_);
      return ws_.async_close(reason, [self = this->shared_from_this()](beast::error_code) { self->writing_ = false; });
    }
    writing_ = false;
  }

  void on_written(beast::error_code ec) {
    outbox_.write_done();
    writing_frame_ = {};  // the payload is not held past its write
    if (!ec) return write_next();
    // The connection is broken: end the read loop now, not when the peer next speaks.
    writing_ = false;
    beast::get_lowest_layer(ws_).close();
  }

  void drop(const char* why) {
    if (dropped_) return;
    dropped_ = true;
    ++state_.ws_dropped_slow;
    core::log_debug("server", std::string("dropping a WebSocket client: ") + why);
    if (conn_) conn_->on_closed();
    beast::get_lowest_layer(ws_).close();
  }

  void finish() {
    if (conn_) conn_->on_closed();
    init_timer_.cancel();
  }

  server_state& state_;
  websocket::stream<Stream> ws_;
  outbox outbox_;
  asio::steady_timer init_timer_;
  std::optional<viewer_gate_backend> gated_;  // declared before conn_, which refers to it
  std::optional<graphql_ws_connection> conn_;
  struct offered {
    std::string id;
    std::uint64_t serial;
    std::shared_ptr<const std::string> payload;
  };
  // Each session's writes and inbox handlers reuse their own memory (see net/handler_memory.hpp).
  // A write's state is 1,352 bytes with Boost 1.81 over beast::tcp_stream (Asio's write_op
  // keeps 64 buffer slots), a control frame's 1,256; the inbox handler's is small.
  static constexpr std::size_t write_memory_size = 1408, inbox_memory_size = 128;
  net::handler_memory<write_memory_size> write_memory_;
  net::handler_memory<inbox_memory_size> inbox_memory_;
  std::mutex inbox_mutex_;  // guards inbox_ and inbox_posted_ (the publisher thread adds)
  std::vector<offered> inbox_;
  bool inbox_posted_ = false;  // a take_inbox is on its way to the strand
  std::vector<offered> taken_;  // on the strand: the batch being handled
  outgoing_frame writing_frame_;  // the frame being written, kept alive until written
  std::array<asio::const_buffer, 3> writing_parts_;
  bool writing_ = false;
  bool closing_ = false;
  bool close_sent_ = false;
  bool dropped_ = false;
  std::uint16_t close_code_ = 1000;
  std::string close_reason_;
};

template <class Stream>
void start_ws_session(server_state& state, Stream stream, http::request<http::string_body> request,
                      const asio::ip::address& client, std::shared_ptr<const access_control> gate) {
  auto session = std::make_shared<ws_session<Stream>>(state, std::move(stream), std::move(gate));
  state.sessions.add(session, client);
  spawn(session->executor(), session->run(session, std::move(request)), "ws session");
}

}  // namespace wmpulse::server::detail
