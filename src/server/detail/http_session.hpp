#pragma once
// One coroutine per HTTP connection: read a request (fresh parser, header and body limits,
// timeouts), route it, write the answer; keep-alive until the client or stop() ends it.
// An upgrade on ws_path is handed to the WebSocket session.
// A template on the stream so that the tests drive it over beast::test::stream; the server
// instantiates it for beast::tcp_stream only (http_session.cpp). What does not touch the
// stream lives in http_session.cpp.
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include "server/detail/server_state.hpp"
#include "server/detail/session_stream.hpp"
#include "server/response_head.hpp"

namespace wmpulse::server::detail {

using http_request = http::request<http::string_body>;

// The answer to a request that could not be read (413, 431, 400; counted), or nullopt when
// nobody is there to answer (closed, reset, timed out).
std::optional<http_answer> unreadable_answer(server_state& state, beast::error_code ec);
// A cross-site request (Origin) to the GraphQL endpoint, or a Host not served: the 403.
std::optional<http_answer> browser_refusal(const server_state& state, const http_request& req);
bool upgrade_wanted(const server_state& state, const http_request& req);
// The access check, before routing: the 401/403 for a request that lacks the role its route
// needs, or nullopt. An upgrade to graphql-ws without an Authorization header passes with
// `ws_gate` set: its connection_init must then carry the credential.
std::optional<http_answer> access_refusal(const server_state& state, const http_request& req,
                                          std::shared_ptr<const access_control>& ws_gate);
// Cheap routes are answered on the calling I/O thread; the others on their worker lane, or 503
// when it is full.
asio::awaitable<http_answer> answer_for(server_state& state, const http_request& req);

template <class Stream>
class http_session final : public session_base, public std::enable_shared_from_this<http_session<Stream>> {
public:
  http_session(server_state& state, Stream stream, asio::ip::address client)
      : state_(state), stream_(std::move(stream)), client_(std::move(client)) {}
  ~http_session() override { state_.sessions.remove(this); }

  void shutdown() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->stopping_ = true;
      // Only an idle connection is cut; one in the middle of a request finishes it first.
      if (self->idle_) beast::get_lowest_layer(self->stream_).close();
    });
  }

  asio::any_io_executor executor() { return stream_.get_executor(); }

  // The coroutine owns its session through `self`: it may first run after the caller has let
  // go of the session (when the stream's executor is not the running one).
  asio::awaitable<void> run([[maybe_unused]] std::shared_ptr<http_session> self) {
    while (!stopping_) {
      auto req = co_await read_request();
      if (!req) break;
      if (auto refusal = browser_refusal(state_, *req)) {
        ++state_.http_forbidden;
        co_await write(*req, *refusal, false);
        break;
      }
      std::shared_ptr<const access_control> ws_gate;
      if (auto refusal = access_refusal(state_, *req, ws_gate)) {
        bool keep = req->keep_alive() && !stopping_;
        if (!co_await write(*req, *refusal, keep) || !keep) break;
        continue;
      }
      if (websocket::is_upgrade(*req) && upgrade_wanted(state_, *req)) {
        clear_deadline(stream_);
        start_ws_session(state_, std::move(stream_), std::move(*req), client_, std::move(ws_gate));
        co_return;
      }
      ++state_.http_requests;
      http_answer answer = co_await answer_for(state_, *req);
      bool keep = req->keep_alive() && !stopping_;
      if (!co_await write(*req, answer, keep) || !keep) break;
    }
    co_await linger();
  }

private:
  static constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

  // The next request, or nullopt when the connection is to end (an unreadable request has
  // been answered if it deserved an answer).
  asio::awaitable<std::optional<http_request>> read_request() {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(state_.opts.header_limit));
    parser.body_limit(state_.opts.body_limit);

    idle_ = true;
    set_deadline(stream_, state_.opts.header_timeout);
    auto [ec, n] = co_await http::async_read_header(stream_, buffer_, parser, tuple_awaitable);
    idle_ = false;
    if (!ec && parser.get()[http::field::expect] == "100-continue") {
      http::response<http::empty_body> cont{http::status::continue_, parser.get().version()};
      co_await http::async_write(stream_, cont, tuple_awaitable);
    }
    if (!ec && body_already_read(parser)) {
      http::read(stream_, buffer_, parser, ec);  // parses what the buffer holds: no socket read
    } else if (!ec) {
      set_deadline(stream_, state_.opts.body_timeout);
      std::tie(ec, n) = co_await http::async_read(stream_, buffer_, parser, tuple_awaitable);
    }
    if (!ec) co_return parser.release();
    if (auto a = unreadable_answer(state_, ec)) {
      http_request plain;
      plain.version(11);
      plain.method(http::verb::get);
      co_await write(plain, *a, false);
    }
    co_return std::nullopt;
  }

  // Whether the whole body (or none) is already in the buffer, so that finishing the request
  // reads nothing from the socket (the common small POST arrives in one segment): one
  // asynchronous read and its pass through the I/O thread's queue fewer per request.
  bool body_already_read(const http::request_parser<http::string_body>& parser) const {
    if (parser.is_done()) return true;
    const auto length = parser.content_length();
    return !parser.chunked() && length && buffer_.size() >= *length;
  }

  // The client may still be sending when we end the connection (a body over the limit, or
  // requests pipelined behind the last answer): closing at once would reset the connection and
  // could destroy the answer before the client reads it. So, as nginx's lingering close does,
  // end our side and read and drop what still comes, for a bounded time and amount.
  asio::awaitable<void> linger() {
    constexpr std::size_t max_bytes = 16u << 20;
    end_sending(stream_);
    set_deadline(stream_, std::chrono::seconds(1));
    std::array<char, 16 << 10> sink;
    for (std::size_t drained = 0; drained < max_bytes && !stopping_;) {
      auto [ec, n] = co_await stream_.async_read_some(asio::buffer(sink), tuple_awaitable);
      if (ec) break;
      drained += n;
    }
  }

  asio::awaitable<bool> write(const http_request& req, const http_answer& a, bool keep) {
    set_deadline(stream_, state_.opts.body_timeout);
    bool head = req.method() == http::verb::head;
    if (wire_fits(a, req.version(), head, keep)) {
      auto [ec, n] = co_await asio::async_write(stream_, asio::buffer(*a.wire), tuple_awaitable);
      co_return !ec;
    }
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

  server_state& state_;
  Stream stream_;
  asio::ip::address client_;
  beast::flat_buffer buffer_;
  bool idle_ = false;
  bool stopping_ = false;
};

// Serves `stream` (a connection from `client`) until it ends; counted in state.sessions.
template <class Stream>
void start_http_session(server_state& state, Stream stream, const asio::ip::address& client) {
  auto session = std::make_shared<http_session<Stream>>(state, std::move(stream), client);
  state.sessions.add(session, client);
  if (state.stopping) session->shutdown();
  spawn(session->executor(), session->run(session), "http session");
}

}  // namespace wmpulse::server::detail
