#include "server/router.hpp"

#include <algorithm>
#include <cctype>

#include "server/static_files.hpp"

namespace wmpulse::server {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool has_method(const std::vector<std::string>& methods, std::string_view m) {
  return std::find(methods.begin(), methods.end(), m) != methods.end();
}

void add_allowed(std::vector<std::string>& allowed, const std::vector<std::string>& methods) {
  for (const auto& m : methods) {
    if (!has_method(allowed, m)) allowed.push_back(m);
    if (m == "GET" && !has_method(allowed, "HEAD")) allowed.push_back("HEAD");
  }
}

bool under_prefix(std::string_view path, std::string_view prefix) {
  if (prefix == "/") return true;
  if (!path.starts_with(prefix)) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/' || prefix.ends_with('/');
}

// HEAD runs the GET handler; the session sends the headers only.
http_answer call(const route_handler& handler, const http_request_view& request) {
  if (request.method != "HEAD") return handler(request);
  http_request_view as_get = request;
  as_get.method = "GET";
  return handler(as_get);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

bool accepts_html(const http_request_view& request) {
  if (!request.header) return false;
  std::string_view accept = request.header("Accept");
  while (!accept.empty()) {
    auto comma = accept.find(',');
    std::string_view item = trim(accept.substr(0, comma));
    item = trim(item.substr(0, item.find(';')));
    if (iequals(item, "text/html")) return true;
    if (comma == std::string_view::npos) break;
    accept.remove_prefix(comma + 1);
  }
  return false;
}

lane_selector always(route_lane lane) {
  return [lane](const http_request_view&) { return lane; };
}

void router::add(std::string path, std::vector<std::string> methods, route_handler handler, route_predicate when,
                 lane_selector lane, reuse_lookup reuse) {
  if (!lane) lane = always(route_lane::light);
  routes_.push_back(route{std::move(path), std::move(methods), std::move(handler), std::move(when), std::move(lane),
                          std::move(reuse)});
}

route_lane router::lane_for(const http_request_view& request) const { return plan(request).lane; }

route_plan router::plan(const http_request_view& request) const {
  std::vector<std::string> allowed;
  const route* r = find(request, target_path(request.target), allowed);
  if (!r) return {};
  const route_lane lane = r->lane(request);
  if (lane == route_lane::io || !r->reuse || request.method == "HEAD") return {lane, std::nullopt};
  return {lane, r->reuse(request)};
}

void router::add_static(std::string url_prefix, std::filesystem::path directory) {
  if (url_prefix.empty()) url_prefix = "/";
  auto handler = static_directory(std::move(directory), url_prefix);
  statics_.push_back(static_dir{std::move(url_prefix), std::move(handler)});
  std::stable_sort(statics_.begin(), statics_.end(),
                   [](const static_dir& a, const static_dir& b) { return a.prefix.size() > b.prefix.size(); });
}

const router::route* router::find(const http_request_view& request, std::string_view path,
                                  std::vector<std::string>& allowed) const {
  std::string_view method = request.method == "HEAD" ? std::string_view("GET") : request.method;
  for (const auto& r : routes_) {
    if (r.path != path) continue;
    if (r.when && !r.when(request)) continue;
    if (has_method(r.methods, request.method) || has_method(r.methods, method)) return &r;
    add_allowed(allowed, r.methods);
  }
  return nullptr;
}

http_answer router::dispatch(const http_request_view& request) const {
  std::string_view path = target_path(request.target);
  std::vector<std::string> allowed;
  if (const route* r = find(request, path, allowed)) return call(r->handler, request);
  if (!allowed.empty()) return method_not_allowed(request.method, allowed);
  for (const auto& s : statics_) {
    if (!under_prefix(path, s.prefix)) continue;
    if (request.method != "GET" && request.method != "HEAD") return method_not_allowed(request.method, {"GET", "HEAD"});
    return call(s.handler, request);
  }
  return not_found(path);
}

http_answer not_found(std::string_view path) {
  http_answer a;
  a.status = 404;
  a.content_type = "text/plain; charset=utf-8";
  a.body = "404 Not Found: nothing is served at " + std::string(path.substr(0, 200)) + "\n";
  return a;
}

http_answer method_not_allowed(std::string_view method, const std::vector<std::string>& allowed) {
  http_answer a;
  a.status = 405;
  a.content_type = "text/plain; charset=utf-8";
  a.body = "405 Method Not Allowed: " + std::string(method.substr(0, 20)) + " is not allowed here; use " +
           join(allowed) + "\n";
  a.headers.emplace_back("Allow", join(allowed));
  return a;
}

}  // namespace wmpulse::server
