#pragma once
// Per-request routing over http_exchange: exact-path routes (with methods and an optional
// predicate, tried in registration order) and static directories under URL prefixes.
// 404 and 405 answers with plain-text bodies; HEAD is served by the GET route.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http_exchange.hpp"

namespace wmpulse::server {

using route_predicate = std::function<bool(const http_request_view&)>;

// Where a route's handler runs. `io`: on the I/O thread, for answers that cost nothing
// (/healthz, cached static files). `light` and `heavy`: on a worker lane with a bounded
// queue, so that a large query never delays a small one nor the I/O threads.
enum class route_lane : unsigned char { io, light, heavy };
using lane_selector = std::function<route_lane(const http_request_view&)>;
lane_selector always(route_lane lane);

// An answer that costs nothing to give (one reused for an identical request), looked up on the
// I/O thread before the request goes to its lane; nullopt sends it on to the lane.
using reuse_lookup = std::function<std::optional<http_answer>(const http_request_view&)>;

// What the session does with a request: sends `answer` at once when there is one, else
// dispatches on `lane`.
struct route_plan {
  route_lane lane = route_lane::io;
  std::optional<http_answer> answer;
};

// True when the request's Accept header lists text/html (a browser navigating).
bool accepts_html(const http_request_view& request);

class router {
public:
  // `methods` e.g. {"GET", "POST"}. With `when`, the route applies only to requests it
  // accepts; otherwise the next route for the path is tried.
  // `lane` picks where the handler runs (default: the light worker lane); `reuse`, when given,
  // is asked first, on the I/O thread.
  void add(std::string path, std::vector<std::string> methods, route_handler handler, route_predicate when = {},
           lane_selector lane = {}, reuse_lookup reuse = {});
  // Serves files under `directory` for paths starting with `url_prefix` ("/" serves the root;
  // a directory answers with its index.html). GET and HEAD.
  void add_static(std::string url_prefix, std::filesystem::path directory);

  http_answer dispatch(const http_request_view& request) const;
  // Where dispatch(request) should run: the matched route's lane; static files, 404 and 405
  // are answered on the I/O thread.
  route_lane lane_for(const http_request_view& request) const;
  // The lane, or the answer the matched route's reuse lookup already has.
  route_plan plan(const http_request_view& request) const;

private:
  struct route {
    std::string path;
    std::vector<std::string> methods;
    route_handler handler;
    route_predicate when;
    lane_selector lane;
    reuse_lookup reuse;
  };
  struct static_dir {
    std::string prefix;
    route_handler handler;
  };
  const route* find(const http_request_view& request, std::string_view path, std::vector<std::string>& allowed) const;

  std::vector<route> routes_;
  std::vector<static_dir> statics_;  // longest prefix first
};

http_answer not_found(std::string_view path);
http_answer method_not_allowed(std::string_view method, const std::vector<std::string>& allowed);

}  // namespace wmpulse::server
