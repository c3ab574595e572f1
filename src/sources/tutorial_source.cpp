#include "sources/tutorial_source.hpp"

#include <stdexcept>
#include <utility>

#include "core/backoff.hpp"
#include "core/log.hpp"
#include "core/redact.hpp"
#include "events/tutorial_decoder.hpp"
#include "sources/frame_delivery.hpp"
#include "net/run_guarded.hpp"
#include "net/tls.hpp"
#include "net/trampoline_executor.hpp"
#include "net/url.hpp"
#include "net/connect.hpp"

namespace wmpulse::sources {

using namespace wmpulse::net;
using events::connection_state;

struct tutorial_source::impl : std::enable_shared_from_this<impl> {
  impl(asio::io_context& ioc, const core::clock& clock, tutorial_source_config cfg, events::event_sink& sink)
      : ioc_(ioc), clock_(clock), cfg_(std::move(cfg)), sink_(sink), decoder_(cfg_.max_frame_bytes),
        backoff_(cfg_.backoff_base_ms, cfg_.backoff_cap_ms), timer_(ioc), idle_timer_(ioc) {
    auto url = parse_endpoint_url(cfg_.url);
    if (!url || (url->scheme != "ws" && url->scheme != "wss"))
      throw std::invalid_argument("--events-url must be an absolute ws:// or wss:// URL");
    url_ = *url;
    if (url_.tls()) tls_ = std::make_unique<ssl::context>(make_client_tls_context(cfg_.ca_file));
    status_.source_kind = "tutorial";
    status_.initial_recovery_done = true;  // nothing to recover: ready once connected
  }

  asio::io_context& ioc_;
  const core::clock& clock_;
  tutorial_source_config cfg_;
  events::event_sink& sink_;
  events::tutorial_decoder decoder_;
  core::backoff backoff_;
  endpoint_url url_;
  std::unique_ptr<ssl::context> tls_;
  asio::steady_timer timer_;
  asio::steady_timer idle_timer_;  // watch_idle's
  std::uint64_t control_frames_ = 0;  // pings and pongs from the peer
  bool timed_out_ = false;  // watch_idle ended the connection
  std::uint64_t connection_ = 0;  // which connection a watch belongs to
  context_tcp_stream* current_ = nullptr;  // the open connection's socket, to cancel on stop
  bool stopped_ = false;
  events::source_status status_;
  // The frames decoded in this wake-up, handed to the sink as one batch when the wake-up ends
  // (flush) or the batch is full.
  std::vector<events::session_event> batch_;
  static constexpr std::size_t max_batch = 512;  // ~50 KiB held between bursts
  std::uint64_t reads_ = 0;           // frames read, text or not
  std::uint64_t reads_at_flush_ = 0;  // reads_ when the pending flush was posted
  bool flush_posted_ = false;
  int idle_passes_ = 0;  // passes through the queue with no read completed
  std::string sink_failure_;  // what the sink threw in a flush; ends the connection like a throw in it

  asio::awaitable<void> run();
  asio::awaitable<void> connect_once();
  template <class Ws>
  asio::awaitable<void> session(Ws& ws);
  template <class Ws>
  asio::awaitable<void> read_frames(Ws& ws);
  template <class Ws>
  void watch_idle(Ws& ws, std::uint64_t activity_seen, bool pinged);
  void on_frame(std::string_view frame);
  void schedule_flush();
  void post_flush();
  void flush();
  bool unread_bytes() const;
  void deliver();
  void fail(std::string_view what, const boost::system::error_code& ec);
};

void tutorial_source::impl::fail(std::string_view what, const boost::system::error_code& ec) {
  status_.last_error = std::string(what) + ": " + ec.message();
  core::log_warn("tutorial", status_.last_error);
}

void tutorial_source::impl::on_frame(std::string_view frame) {
  ++status_.frames_received;
  status_.last_frame_ms = clock_.now_ms();
  if (cfg_.recorder) cfg_.recorder->record("tutorial", frame, *status_.last_frame_ms);
  decode_frame(frame, decoder_, batch_, sink_, true);
  if (batch_.size() >= max_batch) deliver_batch(batch_, sink_);  // the rest of the wake-up: the flush
}

// A wake-up ends when no read completed between posting the flush and running it: a frame
// already buffered (in Beast's buffer or the socket) completes its read through the queue, so
// the flush re-posts itself behind it until the reads have to wait (nothing left in the
// socket either: the socket's own reads can take more than one pass). The first post comes
// before the next read is even started, so it always goes round once more.
void tutorial_source::impl::schedule_flush() {
  if (flush_posted_) return;
  flush_posted_ = true;
  post_flush();
  --reads_at_flush_;
}

void tutorial_source::impl::post_flush() {
  reads_at_flush_ = reads_;
  asio::post(ioc_, [self = shared_from_this()] { self->flush(); });
}

void tutorial_source::impl::flush() {
  if (reads_ != reads_at_flush_ || unread_bytes()) {
    idle_passes_ = 0;
    return post_flush();
  }
  // Beast completes a read of a frame it already holds in two passes through the queue.
  if (++idle_passes_ < 2) return post_flush();
  idle_passes_ = 0;
  flush_posted_ = false;
  try {
    deliver_batch(batch_, sink_);
  } catch (const std::exception& e) {
    batch_.clear();
    sink_failure_ = e.what();
    if (current_) current_->close();  // the read fails and the connection ends with this error
  }
}

// Whether the socket holds bytes the next read will find; asked (a system call) only on a
// pass through the queue in which no read completed.
bool tutorial_source::impl::unread_bytes() const {
  boost::system::error_code ec;
  return current_ && current_->socket().available(ec) > 0 && !ec;
}

// Hands over what is left (the connection ends); a sink that throws ends it as usual.
void tutorial_source::impl::deliver() {
  if (!sink_failure_.empty()) throw std::runtime_error(std::exchange(sink_failure_, {}));
  deliver_batch(batch_, sink_);
}

// Beast's own idle timeout re-arms a timer on every read: a timer system call and a cancelled
// wait through the queue per frame, a quarter of the ingest thread. This watch looks at what
// arrived every half timeout instead: a quiet peer gets one ping, a silent one is closed on.
template <class Ws>
void tutorial_source::impl::watch_idle(Ws& ws, std::uint64_t activity_seen, bool pinged) {
  idle_timer_.expires_after(std::chrono::milliseconds(cfg_.idle_timeout_ms / 2));
  idle_timer_.async_wait([this, self = shared_from_this(), &ws, activity_seen, pinged,
                          connection = connection_](boost::system::error_code ec) {
    if (ec || !current_ || connection != connection_) return;  // the connection ended
    const auto activity = reads_ + control_frames_;
    if (activity != activity_seen) return watch_idle(ws, activity, false);
    if (!pinged) {
      ws.async_ping({}, [](boost::system::error_code) {});  // a failure shows in the read
      return watch_idle(ws, activity, true);
    }
    timed_out_ = true;
    current_->close();  // the read fails: read_frames reports it
  });
}

template <class Ws>
asio::awaitable<void> tutorial_source::impl::read_frames(Ws& ws) {
  auto [wec, wn] = co_await ws.async_write(asio::buffer(std::string_view(tutorial_subscription_message)),
                                           asio::as_tuple(asio::use_awaitable));
  if (wec) co_return fail("subscription write", wec);
  status_.state = connection_state::connected;
  status_.connected_since_ms = clock_.now_ms();
  const core::millis since = clock_.steady_ms();
  core::log_info("tutorial", "connected to " + core::redact_url(url_.scheme + "://" + url_.host_header() + url_.target));
  beast::flat_buffer buffer;
  timed_out_ = false;
  ++connection_;
  watch_idle(ws, reads_ + control_frames_, false);
  struct end_watch {
    asio::steady_timer& timer;
    ~end_watch() { timer.cancel(); }
  } watching{idle_timer_};
  for (;;) {
    auto [ec, n] = co_await ws.async_read(buffer, asio::as_tuple(asio::use_awaitable));
    if (ec) deliver();
    if (ec) {
      // A connection that lived long enough or carried data was healthy: start backoff afresh.
      if (status_.frames_received > 0 || clock_.steady_ms() - since >= cfg_.healthy_after_ms) backoff_.reset();
      if (stopped_) co_return;
      if (ec == websocket::error::closed) status_.last_error = "closed by the source";
      else if (timed_out_) fail("no frame and no pong for " + std::to_string(cfg_.idle_timeout_ms) + " ms", beast::error::timeout);
      else fail("read", ec);
      co_return;
    }
    ++reads_;
    schedule_flush();
    if (ws.got_text()) {
      buffer.prepare(events::tutorial_decoder::padding);  // readable bytes past the frame: no copy to decode
      auto data = buffer.data();
      on_frame(std::string_view(static_cast<const char*>(data.data()), data.size()));
    } else {
      sink_.reject(events::decode_reason::malformed_json, "binary frame");
    }
    buffer.consume(n);
  }
}

template <class Ws>
asio::awaitable<void> tutorial_source::impl::session(Ws& ws) {
  current_ = &beast::get_lowest_layer(ws);
  ws.set_option(websocket::stream_base::decorator([this](websocket::request_type& req) {
    req.set(http::field::user_agent, "wmpulse");
    if (!cfg_.bearer_token.empty()) req.set(http::field::authorization, "Bearer " + cfg_.bearer_token);
  }));
  ws.read_message_max(cfg_.max_frame_bytes * 4);
  websocket::response_type response;
  const auto error = co_await ws_connect(ws, url_, std::chrono::milliseconds(cfg_.handshake_timeout_ms), response);
  if (error) {
    ++status_.failed_attempts;
    status_.last_error = error->message;
    core::log_warn("tutorial", status_.last_error);
    co_return;
  }
  // The idle timeout is watch_idle's: a peer that answers pings is alive however quiet its stream.
  ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  ws.control_callback([this](websocket::frame_type, beast::string_view) { ++control_frames_; });
  co_await read_frames(ws);
}

asio::awaitable<void> tutorial_source::impl::connect_once() {
  if (tls_) {
    websocket::stream<beast::ssl_stream<context_tcp_stream>> ws(ioc_, *tls_);
    co_await session(ws);
  } else {
    websocket::stream<context_tcp_stream> ws(ioc_);
    co_await session(ws);
  }
  current_ = nullptr;
}

asio::awaitable<void> tutorial_source::impl::run() {
  auto self = shared_from_this();  // the coroutine keeps the source alive until it ends
  while (!stopped_) {
    status_.state = status_.reconnects == 0 && status_.frames_received == 0 ? connection_state::connecting
                                                                            : connection_state::reconnecting;
    // Whatever escapes a connection (a sink that throws, an allocation failure) ends that
    // connection only; the source goes on reconnecting.
    std::string unexpected;
    try {
      co_await connect_once();
    } catch (const std::exception& e) {
      unexpected = e.what();
    }
    current_ = nullptr;
    if (!unexpected.empty()) {
      ++status_.unexpected_errors;
      status_.last_error = "unexpected error: " + unexpected;
      core::log_error("tutorial", status_.last_error);
    }
    if (stopped_) break;
    ++status_.reconnects;
    status_.state = connection_state::reconnecting;
    const auto delay = backoff_.next_delay();
    core::log_info("tutorial", "reconnecting in " + std::to_string(delay) + " ms");
    timer_.expires_after(std::chrono::milliseconds(delay));
    auto [ec] = co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    (void)ec;  // cancelled only by stop()
  }
  status_.state = connection_state::stopped;
}

tutorial_source::tutorial_source(asio::io_context& ingest, const core::clock& clock, tutorial_source_config config,
                                 events::event_sink& sink)
    : impl_(std::make_shared<impl>(ingest, clock, std::move(config), sink)) {}

tutorial_source::~tutorial_source() { stop(); }

void tutorial_source::start() {
  co_spawn_logged(make_trampoline(impl_->ioc_), impl_->run(), "tutorial", "source stopped on an unexpected error");
}

void tutorial_source::stop() {
  asio::post(impl_->ioc_, [s = impl_] {
    if (s->stopped_) return;
    s->stopped_ = true;
    s->timer_.cancel();
    if (s->current_) s->current_->cancel();
  });
}

events::source_status tutorial_source::status() const {
  auto s = impl_->status_;
  if (impl_->cfg_.recorder) s.recorder = impl_->cfg_.recorder->stats();
  return s;
}

}  // namespace wmpulse::sources
