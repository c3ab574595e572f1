#include "genesys/http_client.hpp"

#include <charconv>
#include <chrono>

#include "net/connect.hpp"
#include "net/url.hpp"

namespace wmpulse::genesys {
namespace {

namespace beast = net::beast;
using net::tcp;
using asio::as_tuple;
using asio::use_awaitable;

http::request<http::string_body> to_beast(const http_request& r, const net::endpoint_url& url) {
  http::request<http::string_body> req{r.method, url.target, 11};
  req.set(http::field::host, url.host_header());
  req.set(http::field::user_agent, "wmpulse-genesys");
  req.set(http::field::accept, "application/json");
  for (const auto& [k, v] : r.headers) req.set(k, v);
  if (!r.content_type.empty()) req.set(http::field::content_type, r.content_type);
  if (!r.body.empty() || r.method == http::verb::post || r.method == http::verb::put) {
    req.body() = r.body;
    req.prepare_payload();
  }
  return req;
}

http_response from_beast(http::response<http::string_body>& res) {
  http_response out;
  out.status = res.result_int();
  out.body = std::move(res.body());
  if (auto it = res.find(http::field::retry_after); it != res.end()) out.retry_after = std::string(it->value());
  return out;
}

template <class Stream>
asio::awaitable<http_result> exchange(Stream& stream, const http::request<http::string_body>& req) {
  auto [wec, wn] = co_await http::async_write(stream, req, as_tuple(use_awaitable));
  if (wec) co_return core::failure{transport_error{"write: " + wec.message()}};
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  auto [rec, rn] = co_await http::async_read(stream, buffer, parser, as_tuple(use_awaitable));
  if (rec) co_return core::failure{transport_error{"read: " + rec.message()}};
  auto res = parser.release();
  co_return from_beast(res);
}

}  // namespace

beast_http_transport::beast_http_transport(net::ssl::context& tls, core::millis timeout_ms,
                                           std::optional<net::proxy_settings> proxy)
    : tls_(tls), timeout_ms_(timeout_ms), proxy_(std::move(proxy)) {}

asio::awaitable<http_result> beast_http_transport::send(const http_request& request) {
  auto url = net::parse_endpoint_url(request.url);
  if (!url || (url->scheme != "http" && url->scheme != "https"))
    co_return core::failure{transport_error{"not an http(s) URL"}};
  auto ex = co_await asio::this_coro::executor;
  const auto deadline = std::chrono::milliseconds(timeout_ms_);
  const auto req = to_beast(request, *url);
  if (!url->tls()) {
    beast::tcp_stream stream(ex);
    auto error = co_await net::tcp_connect(stream, *url, deadline, proxy_ ? &*proxy_ : nullptr);
    if (error) co_return core::failure{transport_error{std::move(error->message)}};
    auto r = co_await exchange(stream, req);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return r;
  }
  beast::ssl_stream<beast::tcp_stream> stream(ex, tls_);
  auto error = co_await net::tcp_connect(beast::get_lowest_layer(stream), *url, deadline, proxy_ ? &*proxy_ : nullptr);
  if (!error) error = co_await net::tls_handshake(stream, *url);
  if (error) co_return core::failure{transport_error{std::move(error->message)}};
  auto r = co_await exchange(stream, req);
  // The peer may cut the connection without close_notify; the response is complete anyway.
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
  co_await stream.async_shutdown(as_tuple(use_awaitable));
  co_return r;
}

std::optional<core::millis> retry_after_ms(const http_response& r) {
  if (!r.retry_after) return std::nullopt;
  const std::string& v = *r.retry_after;
  long long seconds = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
  if (p != v.data() + v.size() || v.empty() || v.front() == '-') return std::nullopt;
  if (ec == std::errc::result_out_of_range || (ec == std::errc{} && seconds > max_retry_after_s))
    return max_retry_after_s * 1000;
  if (ec != std::errc{}) return std::nullopt;
  return seconds * 1000;
}

}  // namespace wmpulse::genesys
