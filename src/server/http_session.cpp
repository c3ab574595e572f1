// One coroutine per HTTP connection: read a request (fresh parser, header and body limits,
// timeouts), route it, write the answer; keep-alive until the client or stop() ends it.
// An upgrade on ws_path is handed to the WebSocket session.
#include <array>
#include <exception>
#include <optional>

#include "core/log.hpp"
#include "server/browser_checks.hpp"
#include "server/detail/server_state.hpp"

namespace wmpulse::server::detail {
namespace {

using request = http::request<http::string_body>;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

bool bodyless_status(unsigned status) { return status == 204 || status == 304 || (status >= 100 && status < 200); }

std::string_view header_of(const request& req, http::field f) {
  auto it = req.find(f);
  return it == req.end() ? std::string_view{} : std::string_view(it->value().data(), it->value().size());
}

http_answer busy(const worker_lane& lane) {
  auto a = text_answer(503, "503 Service Unavailable: the server is busy (its " + lane.settings().name +
                                " queue of " + std::to_string(lane.settings().max_queue) + " is full); retry later\n");
  a.headers.emplace_back("Retry-After", "1");
  return a;
}

// Runs `work` on `lane` while the calling coroutine waits; nullopt at once when the lane's
// queue is full. The job holds the coroutine's handler, so the coroutine (and the request
// `work` refers to) lives until the job has run or been dropped.
asio::awaitable<std::optional<http_answer>> run_on(worker_lane& lane, std::function<http_answer()> work) {
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::optional<http_answer>)>(
      [&lane](auto handler, std::function<http_answer()> work) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        auto ex = asio::get_associated_executor(*h);
        std::function<void()> job = [h, ex, work = std::move(work)] {
          std::optional<http_answer> a = work();
          asio::post(ex, [h, a = std::move(a)]() mutable { std::move(*h)(std::move(a)); });
        };
        if (!lane.try_post(job)) asio::post(ex, [h]() mutable { std::move(*h)(std::nullopt); });
      },
      asio::use_awaitable, std::move(work));
}

class http_session final : public session_base, public std::enable_shared_from_this<http_session> {
public:
  http_session(server_state& state, tcp::socket socket, asio::ip::address client)
      : state_(state), stream_(std::move(socket)), client_(std::move(client)) {}
  ~http_session() override { state_.sessions.remove(this); }

  void shutdown() override {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->stopping_ = true;
      // Only an idle connection is cut; one in the middle of a request finishes it first.
      if (self->idle_) self->stream_.socket().close();
    });
  }

  asio::any_io_executor executor() { return stream_.get_executor(); }

  asio::awaitable<void> run() {
    auto self = shared_from_this();
    while (!stopping_) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(state_.opts.header_limit));
      parser.body_limit(state_.opts.body_limit);

      idle_ = true;
      stream_.expires_after(state_.opts.header_timeout);
      auto [ec, n] = co_await http::async_read_header(stream_, buffer_, parser, tuple_awaitable);
      idle_ = false;
      if (ec) {
        co_await reject_unreadable(ec);
        break;
      }
      if (parser.get()[http::field::expect] == "100-continue") {
        http::response<http::empty_body> cont{http::status::continue_, parser.get().version()};
        co_await http::async_write(stream_, cont, tuple_awaitable);
      }
      stream_.expires_after(state_.opts.body_timeout);
      std::tie(ec, n) = co_await http::async_read(stream_, buffer_, parser, tuple_awaitable);
      if (ec) {
        co_await reject_unreadable(ec);
        break;
      }
      request req = parser.release();
      if (auto refusal = browser_refusal(req)) {
        ++state_.http_forbidden;
        co_await write(req, *refusal, false);
        break;
      }
      if (websocket::is_upgrade(req) && upgrade_wanted(req)) {
        stream_.expires_never();
        start_ws_session(state_, std::move(stream_), std::move(req), client_);
        co_return;
      }
      ++state_.http_requests;
      http_answer answer = co_await answer_for(req);
      bool keep = req.keep_alive() && !stopping_;
      if (!co_await write(req, answer, keep) || !keep) break;
    }
    co_await linger();
  }

private:
  // The client may still be sending when we end the connection (a body over the limit, or
  // requests pipelined behind the last answer): closing at once would reset the connection and
  // could destroy the answer before the client reads it. So, as nginx's lingering close does,
  // end our side and read and drop what still comes, for a bounded time and amount.
  asio::awaitable<void> linger() {
    constexpr std::size_t max_bytes = 16u << 20;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(1));
    std::array<char, 16 << 10> sink;
    for (std::size_t drained = 0; drained < max_bytes && !stopping_;) {
      auto [ec, n] = co_await stream_.async_read_some(asio::buffer(sink), tuple_awaitable);
      if (ec) break;
      drained += n;
    }
  }

  bool upgrade_wanted(const request& req) const {
    return state_.ws_backend && target_path(req.target()) == state_.opts.ws_path;
  }

  // A cross-site request (Origin) to the GraphQL endpoint, or a Host not served: the 403.
  std::optional<http_answer> browser_refusal(const request& req) const {
    const auto host = header_of(req, http::field::host);
    if (auto refusal = check_host(state_.opts.browser, host)) return refusal;
    if (req.method() != http::verb::get || target_path(req.target()) != state_.opts.ws_path) return std::nullopt;
    return check_origin(state_.opts.browser, header_of(req, http::field::origin), host);
  }

  // Cheap routes are answered here; the others on their worker lane, or 503 when it is full.
  asio::awaitable<http_answer> answer_for(const request& req) {
    const route_lane lane = state_.routes.lane_for(view_of(req));
    if (lane == route_lane::io) co_return route(req);
    worker_lane& workers = lane == route_lane::heavy ? state_.heavy : state_.light;
    auto answer = co_await run_on(workers, [this, &req] { return route(req); });
    if (answer) co_return std::move(*answer);
    ++state_.http_busy;
    co_return busy(workers);
  }

  http_answer route(const request& req) const {
    try {
      return state_.routes.dispatch(view_of(req));
    } catch (const std::exception& e) {
      core::log_error("server", std::string("route handler failed: ") + e.what());
      return text_answer(500, "500 Internal Server Error\n");
    }
  }

  // A request that could not be read: answer the ones worth an answer, then close.
  asio::awaitable<void> reject_unreadable(beast::error_code ec) {
    http_answer a;
    if (ec == http::error::body_limit) {
      a = text_answer(413, "413 Payload Too Large: the body is over " + std::to_string(state_.opts.body_limit) + " bytes\n");
    } else if (ec == http::error::header_limit) {
      a = text_answer(431, "431 Request Header Fields Too Large\n");
    } else if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
               ec != http::error::end_of_stream && ec != http::error::partial_message) {
      a = text_answer(400, "400 Bad Request: " + ec.message() + "\n");
    } else {
      co_return;  // closed, reset or timed out: nobody to answer
    }
    ++state_.http_rejected;
    request dummy;
    dummy.version(11);
    dummy.method(http::verb::get);
    co_await write(dummy, a, false);
  }

  asio::awaitable<bool> write(const request& req, const http_answer& a, bool keep) {
    stream_.expires_after(state_.opts.body_timeout);
    bool head = req.method() == http::verb::head;
    if (head || bodyless_status(a.status)) {
      http::response<http::empty_body> res{static_cast<http::status>(a.status), req.version()};
      decorate(res, a, keep);
      if (head && !bodyless_status(a.status)) res.content_length(a.body_view().size());
      auto [ec, n] = co_await http::async_write(stream_, res, tuple_awaitable);
      co_return !ec;
    }
    if (a.shared_body) {  // written from the shared bytes, no copy
      http::response<http::span_body<const char>> res{static_cast<http::status>(a.status), req.version()};
      decorate(res, a, keep);
      res.body() = http::span_body<const char>::value_type(a.shared_body->data(), a.shared_body->size());
      res.prepare_payload();
      auto [ec, n] = co_await http::async_write(stream_, res, tuple_awaitable);
      co_return !ec;
    }
    http::response<http::string_body> res{static_cast<http::status>(a.status), req.version()};
    decorate(res, a, keep);
    res.body() = a.body;
    res.prepare_payload();
    auto [ec, n] = co_await http::async_write(stream_, res, tuple_awaitable);
    co_return !ec;
  }

  template <class Response>
  static void decorate(Response& res, const http_answer& a, bool keep) {
    res.set(http::field::server, "wmpulse");
    if (!a.content_type.empty() && !bodyless_status(a.status)) res.set(http::field::content_type, a.content_type);
    for (const auto& [name, value] : a.headers) res.set(name, value);
    res.keep_alive(keep);
  }

  server_state& state_;
  beast::tcp_stream stream_;
  asio::ip::address client_;
  beast::flat_buffer buffer_;
  bool idle_ = false;
  bool stopping_ = false;
};

}  // namespace

void start_http_session(server_state& state, tcp::socket socket) {
  auto client = client_address(socket);
  auto session = std::make_shared<http_session>(state, std::move(socket), client);
  state.sessions.add(session, client);
  if (state.stopping) session->shutdown();
  spawn(session->executor(), session->run(), "http session");
}

}  // namespace wmpulse::server::detail
