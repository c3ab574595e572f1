// The parts of the HTTP session that do not touch the stream (routing, refusals, the worker
// lanes), and the server's instantiation of the session over beast::tcp_stream.
#include "server/detail/http_session.hpp"

#include <exception>

#include "core/log.hpp"
#include "server/browser_checks.hpp"

namespace wmpulse::server::detail {
namespace {

std::string_view header_of(const http_request& req, http::field f) {
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

http_answer route(const server_state& state, const http_request& req) {
  try {
    return state.routes.dispatch(view_of(req));
  } catch (const std::exception& e) {
    core::log_error("server", std::string("route handler failed: ") + e.what());
    return text_answer(500, "500 Internal Server Error\n");
  }
}

}  // namespace

bool upgrade_wanted(const server_state& state, const http_request& req) {
  return state.ws_backend && target_path(req.target()) == state.opts.ws_path;
}

std::optional<http_answer> browser_refusal(const server_state& state, const http_request& req) {
  const auto host = header_of(req, http::field::host);
  if (auto refusal = check_host(state.opts.browser, host)) return refusal;
  if (req.method() != http::verb::get || target_path(req.target()) != state.opts.ws_path) return std::nullopt;
  return check_origin(state.opts.browser, header_of(req, http::field::origin), host);
}

std::optional<http_answer> access_refusal(const server_state& state, const http_request& req,
                                          std::shared_ptr<const access_control>& ws_gate) {
  auto access = state.access.load();
  if (!access || access->open()) return std::nullopt;
  const auto authorization = header_of(req, http::field::authorization);
  if (authorization.empty() && websocket::is_upgrade(req) && upgrade_wanted(state, req)) {
    ws_gate = std::move(access);
    return std::nullopt;
  }
  return access->refusal(requirement_for(view_of(req), state.opts.ws_path), authorization);
}

asio::awaitable<http_answer> answer_for(server_state& state, const http_request& req) {
  auto plan = state.routes.plan(view_of(req));
  if (plan.answer) co_return std::move(*plan.answer);
  if (plan.lane == route_lane::io) co_return route(state, req);
  worker_lane& workers = plan.lane == route_lane::heavy ? state.heavy : state.light;
  auto answer = co_await run_on(workers, [&state, &req] { return route(state, req); });
  if (answer) co_return std::move(*answer);
  ++state.http_busy;
  co_return busy(workers);
}

std::optional<http_answer> unreadable_answer(server_state& state, beast::error_code ec) {
  std::optional<http_answer> a;
  if (ec == http::error::body_limit) {
    a = text_answer(413, "413 Payload Too Large: the body is over " + std::to_string(state.opts.body_limit) + " bytes\n");
  } else if (ec == http::error::header_limit) {
    a = text_answer(431, "431 Request Header Fields Too Large\n");
  } else if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
             ec != http::error::end_of_stream && ec != http::error::partial_message) {
    a = text_answer(400, "400 Bad Request: " + ec.message() + "\n");
  }
  if (a) ++state.http_rejected;
  return a;
}

namespace {

using tls_stream = beast::ssl_stream<beast::tcp_stream>;

asio::awaitable<void> handshake_then_serve(server_state& state, std::shared_ptr<tls_stream> stream,
                                           asio::ip::address client) {
  set_deadline(*stream, state.opts.header_timeout);
  auto [ec] = co_await stream->async_handshake(net::ssl::stream_base::server, asio::as_tuple(asio::use_awaitable));
  if (ec) {
    ++state.tls_handshake_failures;
    co_return;
  }
  start_http_session(state, std::move(*stream), client);
}

}  // namespace

void start_http_session(server_state& state, tcp::socket socket) {
  auto client = client_address(socket);
  auto tls = state.tls.load();
  if (!tls) return start_http_session(state, beast::tcp_stream(std::move(socket)), client);
  auto ex = socket.get_executor();
  auto stream = std::make_shared<tls_stream>(beast::tcp_stream(std::move(socket)), *tls);
  spawn(ex, handshake_then_serve(state, std::move(stream), client), "tls handshake");
}

}  // namespace wmpulse::server::detail
