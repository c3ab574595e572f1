// The server object: the I/O threads and their io_contexts, the listener's accept loop, the
// publication driver that paces the subscription hub, and graceful stop.
#include "server/http_server.hpp"

#include <cerrno>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/log.hpp"
#include "net/run_guarded.hpp"
#include "server/detail/server_state.hpp"

namespace wmpulse::server {
using namespace detail;

namespace {

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

// Runs hub publications on one strand: notify() from the ingest thread hands the hub the new
// root, and posts only when the pacer schedules a publication (at most one at a time); the
// strand then publishes at once or arms the timer. When the timer ends the wait, the freshen
// hook first lets the ingest publish what arrived meanwhile: pushed there and then, the newest
// root may be a tick's from most of an interval ago (the ingest's own gap ends at about the
// same moment, and losing that race cost subscribers a second interval of lag).
class publication_driver {
public:
  publication_driver(asio::io_context& ioc, server_state& state)
      : state_(state), strand_(asio::make_strand(ioc)), timer_(strand_) {}

  void notify(published_root root) {
    auto at = state_.hub.on_notify(std::move(root));
    if (!at) return;  // one is scheduled: it will run against the newest root
    asio::post(strand_, [this, at = *at] {
      if (state_.stopping) return;
      // The steady reading: a wall clock set back must not hold publications for as long.
      core::millis delay = at - state_.clock.steady_ms();
      if (delay <= 0) return publish();
      timer_.expires_after(std::chrono::milliseconds(delay));
      timer_.async_wait([this](beast::error_code ec) {
        if (!ec && !state_.stopping) freshen_then_publish();
      });
    });
  }

  void set_freshen(http_server::freshen_hook hook) { freshen_ = std::move(hook); }

  void stop() {
    asio::post(strand_, [this] { timer_.cancel(); });
  }

private:
  // Re-executing every subscription is work for the publisher thread, not an I/O thread.
  void publish() {
    std::function<void()> job = [&state = state_] {
      state.hub.publish();
      ++state.publications;
    };
    if (!state_.publisher.try_post(job)) job();  // stopping; never more than one is scheduled
  }

  void freshen_then_publish() {
    if (!freshen_) return publish();
    freshen_([this] {
      if (!state_.stopping) publish();
    });
  }

  server_state& state_;
  asio::strand<asio::io_context::executor_type> strand_;
  asio::steady_timer timer_;
  http_server::freshen_hook freshen_;
};

bool out_of_descriptors(const beast::error_code& ec) {
  return ec == asio::error::no_descriptors || ec == beast::error_code(ENFILE, asio::error::get_system_category()) ||
         ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}

// Logs at most one line per 10 s for a condition that may repeat many times a second.
class rate_limited_log {
public:
  void warn(const core::clock& clock, const std::string& message) {
    const core::millis now = clock.steady_ms();
    ++suppressed_;
    if (last_ && now - *last_ < 10'000) return;
    core::log_warn("server", message + " (" + std::to_string(suppressed_) + " since the last report)");
    last_ = now;
    suppressed_ = 0;
  }

private:
  std::optional<core::millis> last_;
  std::uint64_t suppressed_ = 0;
};

// Whether a new connection from `client` is over a cap; counted when it is.
bool over_connection_caps(server_state& state, const asio::ip::address& client) {
  if (state.sessions.size() < state.opts.max_connections &&
      state.sessions.count_for(client) < state.opts.max_connections_per_client)
    return false;
  ++state.connections_refused;
  return true;
}

using io_contexts = std::vector<std::unique_ptr<asio::io_context>>;

// One io_context per I/O thread, each run by that thread alone: a connection lives on one of
// them, and its handlers are serialized by that without a strand. With one io_context shared
// by the threads, each connection's strand handed its handlers from thread to thread, and that
// cost more than the second thread gave (docs/PERFORMANCE.md).
io_contexts make_io_contexts(unsigned threads) {
  io_contexts out;
  for (unsigned n = 0; n < std::max(1u, threads); ++n) out.push_back(std::make_unique<asio::io_context>(1));
  return out;
}

// Connections go to the I/O threads' io_contexts in turn.
asio::awaitable<void> accept_loop(server_state& state, tcp::acceptor& acceptor, const io_contexts& iocs) {
  asio::steady_timer backoff(acceptor.get_executor());
  rate_limited_log fd_log;
  std::size_t turn = 0;
  for (;;) {
    auto& home = *iocs[turn++ % iocs.size()];
    auto [ec, socket] = co_await acceptor.async_accept(home.get_executor(), tuple_awaitable);
    if (ec == asio::error::operation_aborted || state.stopping) co_return;
    if (ec) {
      ++state.accept_errors;
      if (!out_of_descriptors(ec)) continue;  // e.g. the client reset before accept: next one
      // The pending connection stays in the backlog, so accepting again at once fails again:
      // pause until descriptors may be free rather than spin.
      fd_log.warn(state.clock, "accept failed: " + ec.message() + "; pausing the listener");
      backoff.expires_after(state.opts.accept_backoff);
      co_await backoff.async_wait(tuple_awaitable);
      continue;
    }
    const auto client = client_address(socket);
    if (over_connection_caps(state, client)) continue;  // the socket closes as it goes out of scope
    ++state.connections_accepted;
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    if (state.opts.socket_send_buffer > 0)
      socket.set_option(asio::socket_base::send_buffer_size(state.opts.socket_send_buffer), ignored);
    start_http_session(state, std::move(socket));
  }
}

}  // namespace

struct http_server::impl {
  impl(server_options opts, const core::clock& clock)
      : state(std::move(opts), clock), iocs(make_io_contexts(state.opts.threads)), acceptor(*iocs[0]),
        driver(*iocs[0], state) {}

  server_state state;
  io_contexts iocs;
  tcp::acceptor acceptor;
  publication_driver driver;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  bool started = false;
  bool stopped = false;
};

http_server::http_server(server_options opts, const core::clock& clock)
    : impl_(std::make_unique<impl>(std::move(opts), clock)) {}

http_server::~http_server() { stop(); }

router& http_server::routes() { return impl_->state.routes; }

void http_server::set_graphql_ws(std::shared_ptr<graphql_ws_backend> backend) {
  impl_->state.ws_backend = std::move(backend);
}

void http_server::set_freshen(freshen_hook hook) { impl_->driver.set_freshen(std::move(hook)); }

void http_server::set_access(std::shared_ptr<const access_control> access) {
  impl_->state.access.store(std::move(access));
}

void http_server::set_tls(std::shared_ptr<boost::asio::ssl::context> context) { impl_->state.tls.store(std::move(context)); }

void http_server::start() {
  auto& i = *impl_;
  if (i.started) throw std::logic_error("http_server::start called twice");
  beast::error_code ec;
  auto address = asio::ip::make_address(i.state.opts.address, ec);
  if (ec) throw std::system_error(ec, "bad listen address '" + i.state.opts.address + "'");
  tcp::endpoint endpoint(address, i.state.opts.port);
  auto check = [&](const char* step) {
    if (ec) throw std::system_error(ec, std::string(step) + " " + i.state.opts.address + ":" + std::to_string(i.state.opts.port));
  };
  i.acceptor.open(endpoint.protocol(), ec);
  check("open");
  i.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  check("reuse_address");
  i.acceptor.bind(endpoint, ec);
  check("bind");
  i.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  check("listen");
  i.port = i.acceptor.local_endpoint().port();
  i.started = true;

  i.state.light.start();
  i.state.heavy.start();
  i.state.publisher.start();
  spawn(i.acceptor.get_executor(), accept_loop(i.state, i.acceptor, i.iocs), "listener");
  for (auto& ioc : i.iocs) {
    i.work.push_back(asio::make_work_guard(*ioc));
    i.threads.emplace_back([&ioc = *ioc] { net::run_guarded(ioc, "http"); });
  }
}

std::uint16_t http_server::port() const { return impl_->port; }

void http_server::notify(published_root root) {
  if (impl_->started && !impl_->state.stopping) impl_->driver.notify(std::move(root));
}

void http_server::stop() {
  auto& i = *impl_;
  if (!i.started || i.stopped) return;
  i.stopped = true;
  i.state.stopping = true;
  asio::post(i.acceptor.get_executor(), [&acceptor = i.acceptor] {
    beast::error_code ignored;
    acceptor.close(ignored);
  });
  i.driver.stop();
  i.state.sessions.shutdown_all();
  if (!i.state.sessions.wait_empty(i.state.opts.stop_timeout))
    core::log_warn("server", "stop: sessions still open after the stop timeout; cutting them");
  i.work.clear();
  for (auto& ioc : i.iocs) ioc->stop();
  for (auto& t : i.threads) t.join();
  i.threads.clear();
  // After the I/O threads: a dropped job's pending answer goes with its session, whose
  // socket belongs to the io_context, still alive here.
  i.state.light.stop();
  i.state.heavy.stop();
  i.state.publisher.stop();
}

server_stats http_server::stats() const {
  const auto& s = impl_->state;
  server_stats out;
  out.connections_accepted = s.connections_accepted;
  out.connections_refused = s.connections_refused;
  out.accept_errors = s.accept_errors;
  out.tls_handshake_failures = s.tls_handshake_failures;
  out.http_forbidden = s.http_forbidden;
  if (auto access = s.access.load()) out.access = access->stats();
  out.http_busy = s.http_busy;
  out.http_requests = s.http_requests;
  out.http_rejected = s.http_rejected;
  out.ws_sessions = s.ws_sessions;
  out.ws_invalid_messages = s.ws_invalid_messages;
  out.ws_dropped_slow = s.ws_dropped_slow;
  out.publications = s.publications;
  out.open_sessions = s.sessions.size();
  out.queued_jobs = s.light.queued() + s.heavy.queued();
  out.subscribers = s.hub.subscriber_count();
  out.subscription_keys = s.hub.key_count();
  return out;
}

}  // namespace wmpulse::server
