// One coroutine per HTTP connection: read a request (fresh parser, header and body limits,
// timeouts), route it, write the answer; keep-alive until the client or stop() ends it.
// An upgrade on ws_path is handed to the WebSocket session.
#include <exception>

#include "core/log.hpp"
#include "server/detail/server_state.hpp"

namespace wmpulse::server::detail {
namespace {

using request = http::request<http::string_body>;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

http_answer text_answer(unsigned status, std::string body) {
  http_answer a;
  a.status = status;
  a.content_type = "text/plain; charset=utf-8";
  a.body = std::move(body);
  return a;
}

bool bodyless_status(unsigned status) { return status == 204 || status == 304 || (status >= 100 && status < 200); }

class http_session final : public session_base, public std::enable_shared_from_this<http_session> {
public:
  http_session(server_state& state, tcp::socket socket) : state_(state), stream_(std::move(socket)) {}
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
      if (websocket::is_upgrade(req) && upgrade_wanted(req)) {
        stream_.expires_never();
        start_ws_session(state_, std::move(stream_), std::move(req));
        co_return;
      }
      ++state_.http_requests;
      http_answer answer = route(req);
      bool keep = req.keep_alive() && !stopping_;
      if (!co_await write(req, answer, keep) || !keep) break;
    }
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

private:
  bool upgrade_wanted(const request& req) const {
    return state_.ws_backend && target_path(req.target()) == state_.opts.ws_path;
  }

  http_answer route(const request& req) const {
    http_request_view view{req.method_string(), req.target(), req.body(),
                           [&req](std::string_view name) -> std::string_view {
                             auto it = req.find(name);
                             if (it == req.end()) return {};
                             return std::string_view(it->value().data(), it->value().size());
                           }};
    try {
      return state_.routes.dispatch(view);
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
      if (head && !bodyless_status(a.status)) res.content_length(a.body.size());
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
  beast::flat_buffer buffer_;
  bool idle_ = false;
  bool stopping_ = false;
};

}  // namespace

void start_http_session(server_state& state, tcp::socket socket) {
  auto session = std::make_shared<http_session>(state, std::move(socket));
  state.sessions.add(session);
  if (state.stopping) session->shutdown();
  spawn(session->executor(), session->run(), "http session");
}

}  // namespace wmpulse::server::detail
