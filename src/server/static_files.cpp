#include "server/static_files.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <system_error>

#include "server/router.hpp"

namespace wmpulse::server {
namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t max_file_bytes = 64ull << 20;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::string http_date(fs::file_time_type t) {
  auto sys = std::chrono::file_clock::to_sys(t);
  std::time_t tt = std::chrono::system_clock::to_time_t(std::chrono::time_point_cast<std::chrono::seconds>(sys));
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

http_answer plain(unsigned status, std::string body) {
  http_answer a;
  a.status = status;
  a.content_type = "text/plain; charset=utf-8";
  a.body = std::move(body);
  return a;
}

bool inside(const fs::path& root, const fs::path& file) {
  std::error_code ec;
  fs::path r = fs::canonical(root, ec);
  if (ec) return false;
  fs::path f = fs::canonical(file, ec);
  if (ec) return false;
  auto [rend, fit] = std::mismatch(r.begin(), r.end(), f.begin(), f.end());
  return rend == r.end();
}

http_answer serve_file(const fs::path& root, fs::path file, const http_request_view& request) {
  std::error_code ec;
  if (fs::is_directory(file, ec)) file /= "index.html";
  if (!fs::is_regular_file(file, ec)) return not_found(target_path(request.target));
  // Symlinks are followed only when they stay under the root.
  if (!inside(root, file)) return plain(403, "403 Forbidden: the path leaves the served directory\n");
  auto size = fs::file_size(file, ec);
  auto mtime = fs::last_write_time(file, ec);
  if (ec || size > max_file_bytes) return plain(500, "500 Internal Server Error: the file cannot be read\n");

  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
  char etag[64];
  std::snprintf(etag, sizeof etag, "\"%jx-%llx\"", size, static_cast<unsigned long long>(ns));
  std::string last_modified = http_date(mtime);

  http_answer a;
  a.content_type = std::string(content_type_for(file));
  a.headers = {{"ETag", etag}, {"Last-Modified", last_modified}, {"Cache-Control", "no-cache"},
               {"X-Content-Type-Options", "nosniff"}};
  std::string_view inm = request.header ? request.header("If-None-Match") : std::string_view{};
  std::string_view ims = request.header ? request.header("If-Modified-Since") : std::string_view{};
  if ((!inm.empty() && (inm == etag || inm == "*" || inm.find(etag) != std::string_view::npos)) ||
      (inm.empty() && !ims.empty() && ims == last_modified)) {
    a.status = 304;
    return a;
  }
  std::ifstream in(file, std::ios::binary);
  a.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) return plain(500, "500 Internal Server Error: the file cannot be read\n");
  return a;
}

}  // namespace

std::optional<fs::path> resolve_under(const fs::path& root, std::string_view url_path) {
  auto decoded = percent_decode(url_path);
  if (!decoded) return std::nullopt;
  fs::path out = root;
  std::string_view rest = *decoded;
  while (!rest.empty()) {
    auto slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == ".." || segment.find('\\') != std::string_view::npos || segment.find('\0') != std::string_view::npos)
      return std::nullopt;
    out /= fs::path(std::string(segment));
  }
  return out;
}

std::string_view content_type_for(const fs::path& file) {
  static constexpr std::pair<std::string_view, std::string_view> types[] = {
      {".html", "text/html; charset=utf-8"},       {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},   {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},         {".json", "application/json"},
      {".map", "application/json"},                {".svg", "image/svg+xml"},
      {".png", "image/png"},                       {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},                     {".gif", "image/gif"},
      {".ico", "image/x-icon"},                    {".webp", "image/webp"},
      {".woff2", "font/woff2"},                    {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},       {".wasm", "application/wasm"},
  };
  std::string ext = file.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto [e, type] : types)
    if (e == ext) return type;
  return "application/octet-stream";
}

route_handler static_directory(fs::path directory, std::string url_prefix) {
  return [root = std::move(directory), prefix = std::move(url_prefix)](const http_request_view& request) {
    std::string_view path = target_path(request.target);
    std::string_view rest = prefix == "/" ? path : path.substr(std::min(prefix.size(), path.size()));
    auto file = resolve_under(root, rest);
    if (!file) return plain(403, "403 Forbidden: the path leaves the served directory\n");
    return serve_file(root, *file, request);
  };
}

route_handler static_file(fs::path file) {
  return [file = std::move(file)](const http_request_view& request) {
    return serve_file(file.parent_path(), file, request);
  };
}

}  // namespace wmpulse::server
