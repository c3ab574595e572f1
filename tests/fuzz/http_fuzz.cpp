// libFuzzer target: the HTTP request path. The input is the raw bytes a client sends on one
// connection: requests are parsed one after another (pipelined) by Beast's request parser with
// the server's header and body limits, as http_session does, then routed through a router
// wired like app/service.cpp (GraphQL over HTTP with the real API schema and a fixed snapshot,
// GraphiQL for browsers, /metrics, /healthz, a static directory), and the answer is serialized.
// Invariants: no handler throws (the session would answer 500), no 5xx answer, and no answer
// header carries a CR, LF or NUL (response splitting).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

#include <unistd.h>

#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "api/api.hpp"
#include "fuzz_root.hpp"
#include "metrics/prometheus.hpp"
#include "server/graphql_http.hpp"
#include "server/http_server.hpp"
#include "server/router.hpp"
#include "server/static_files.hpp"

namespace http = boost::beast::http;
namespace server = wmpulse::server;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t max_requests_per_input = 8;

void write_file(const fs::path& p, std::string_view text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// A web root like build/web: a dashboard and GraphiQL's page.
fs::path make_web_root() {
  const fs::path root = fs::temp_directory_path() / ("wmpulse-http-fuzz-" + std::to_string(::getpid()));
  write_file(root / "dashboard" / "index.html", "<!doctype html><title>wmpulse</title>");
  write_file(root / "dashboard" / "assets" / "app.js", "console.log('wmpulse');");
  write_file(root / "dashboard" / "style.css", "body{}");
  write_file(root / "graphiql" / "index.html", "<!doctype html><title>GraphiQL</title>");
  return root;
}

struct wiring {
  const fs::path web = make_web_root();
  server::server_options opts;
  std::shared_ptr<wmpulse::graphql::service> graphql = wmpulse::api::make_service();
  std::shared_ptr<const wmpulse::api::root_state> state = wmpulse::fuzz::sample_state();
  server::published_root root = std::make_shared<const std::any>(wmpulse::api::graphql_root(state));
  server::router routes;

  wiring() {
    auto root_provider = [this] { return root; };
    auto handler = std::make_shared<server::graphql_http_handler>(
        *graphql, root_provider, server::graphql_http_handler::options{opts.body_limit});
    routes.add("/graphql", {"GET"}, server::static_file(web / "graphiql" / "index.html"),
               server::graphql_http_handler::wants_html);
    routes.add("/graphql", {"GET", "POST"}, [handler](const server::http_request_view& r) { return handler->handle(r); });
    routes.add("/metrics", {"GET"}, [this](const server::http_request_view&) {
      return server::http_answer{200, "text/plain; version=0.0.4; charset=utf-8",
                                 wmpulse::metrics::render_prometheus(state->snapshot(), state->status()), {}};
    });
    routes.add("/healthz", {"GET"}, [](const server::http_request_view&) {
      return server::http_answer{200, "text/plain; charset=utf-8", "ok\n", {}};
    });
    routes.add_static("/", web / "dashboard");
  }
  ~wiring() {
    std::error_code ec;
    fs::remove_all(web, ec);
  }
  wiring(const wiring&) = delete;
  wiring& operator=(const wiring&) = delete;
};

bool header_safe(std::string_view s) { return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos; }

void check_and_serialize(const http::request<http::string_body>& req, const server::http_answer& a) {
  if (a.status < 100 || a.status >= 500) std::abort();
  if (!header_safe(a.content_type)) std::abort();
  http::response<http::string_body> res{static_cast<http::status>(a.status), req.version()};
  res.set(http::field::content_type, a.content_type);
  for (const auto& [name, value] : a.headers) {
    if (name.empty() || !header_safe(name) || !header_safe(value)) std::abort();
    res.set(name, value);
  }
  res.body() = a.body;
  res.prepare_payload();
  std::ostringstream out;
  out << res;
}

void route(const wiring& w, const http::request<http::string_body>& req) {
  if (boost::beast::websocket::is_upgrade(req) && server::target_path(req.target()) == w.opts.ws_path) return;
  server::http_request_view view{req.method_string(), req.target(), req.body(), [&req](std::string_view name) {
                                   auto it = req.find(name);
                                   return it == req.end() ? std::string_view{}
                                                          : std::string_view(it->value().data(), it->value().size());
                                 }};
  server::http_answer answer;
  try {
    answer = w.routes.dispatch(view);
  } catch (...) {
    std::abort();  // http_session would log it and answer 500
  }
  check_and_serialize(req, answer);
}

// Parses one request from the front of `input`; returns the bytes it used, 0 when the
// connection would end (incomplete or rejected request).
std::size_t parse_one(const wiring& w, std::string_view input, http::request<http::string_body>& out) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(w.opts.header_limit));
  parser.body_limit(w.opts.body_limit);
  parser.eager(true);
  boost::beast::error_code ec;
  std::size_t used = 0;
  while (!parser.is_done() && used < input.size()) {
    const std::size_t n = parser.put(boost::asio::buffer(input.data() + used, input.size() - used), ec);
    used += n;
    if (ec == http::error::need_more && n == 0) break;
    if (ec && ec != http::error::need_more) return 0;
  }
  if (!parser.is_done()) {
    parser.put_eof(ec);  // the client closed: a body delimited by the end of the stream ends here
    if (ec || !parser.is_done()) return 0;
  }
  out = parser.release();
  return used;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const wiring w;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (std::size_t i = 0; i < max_requests_per_input && !input.empty(); ++i) {
    http::request<http::string_body> req;
    const std::size_t used = parse_one(w, input, req);
    if (used == 0) break;
    route(w, req);
    if (!req.keep_alive()) break;
    input.remove_prefix(used);
  }
  return 0;
}
