#include "server/static_files.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <mutex>
#include <system_error>
#include <unordered_map>
#include <variant>

#include <zlib.h>

#include "core/text.hpp"
#include "server/router.hpp"

namespace wmpulse::server {
namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t max_file_bytes = 64ull << 20;
constexpr std::size_t max_cache_bytes = 512ull << 20;  // per directory; past it files are served uncached

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// gzip (RFC 1952) at the best compression: it runs once per file.
std::optional<std::string> gzip_compress(std::string_view in) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  out.shrink_to_fit();  // the bound is about the input's size, zero-filled: 4.6 MB kept for GraphiQL's 1 MB
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
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

bool inside(const fs::path& root, const fs::path& file) {
  std::error_code ec;
  fs::path r = fs::canonical(root, ec);
  if (ec) return false;
  fs::path f = fs::canonical(file, ec);
  if (ec) return false;
  auto [rend, fit] = std::mismatch(r.begin(), r.end(), f.begin(), f.end());
  return rend == r.end();
}

std::string strong_etag(std::string_view bytes, std::string_view suffix) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  char buf[48];
  std::snprintf(buf, sizeof buf, "\"%016llx-%zx", static_cast<unsigned long long>(h), bytes.size());
  return std::string(buf) + std::string(suffix) + "\"";
}

// One file as served: its bytes and, when that is smaller, a gzip copy.
struct cached_file {
  std::shared_ptr<const std::string> body, gzip;
  std::string content_type, etag, gzip_etag, last_modified;
};

std::optional<std::string> read_whole(const fs::path& file, std::uintmax_t size) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) return std::nullopt;
  return bytes;
}

std::shared_ptr<const cached_file> load(const fs::path& file) {
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  auto mtime = fs::last_write_time(file, ec);
  if (ec || size > max_file_bytes) return nullptr;
  auto bytes = read_whole(file, size);
  if (!bytes) return nullptr;
  auto f = std::make_shared<cached_file>();
  f->content_type = std::string(content_type_for(file));
  f->last_modified = http_date(mtime);
  f->etag = strong_etag(*bytes, "");
  if (auto gz = gzip_compress(*bytes); gz && gz->size() < bytes->size() - bytes->size() / 10) {
    f->gzip_etag = strong_etag(*bytes, "-gz");
    f->gzip = std::make_shared<const std::string>(std::move(*gz));
  }
  f->body = std::make_shared<const std::string>(std::move(*bytes));
  return f;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  return if_none_match == "*" || if_none_match.find(etag) != std::string_view::npos;
}

http_answer answer_from(const cached_file& f, const http_request_view& request) {
  auto header = [&](std::string_view name) { return request.header ? request.header(name) : std::string_view{}; };
  const bool gz = f.gzip && accepts_gzip(header("Accept-Encoding"));
  const std::string& etag = gz ? f.gzip_etag : f.etag;
  http_answer a;
  a.content_type = f.content_type;
  a.headers = {{"ETag", etag}, {"Last-Modified", f.last_modified}, {"Cache-Control", "no-cache"},
               {"X-Content-Type-Options", "nosniff"}};
  if (f.gzip) a.headers.emplace_back("Vary", "Accept-Encoding");
  std::string_view inm = header("If-None-Match"), ims = header("If-Modified-Since");
  if ((!inm.empty() && etag_matches(inm, etag)) || (inm.empty() && !ims.empty() && ims == f.last_modified)) {
    a.status = 304;
    return a;
  }
  if (gz) a.headers.emplace_back("Content-Encoding", "gzip");
  a.shared_body = gz ? f.gzip : f.body;
  return a;
}

// The files of one directory (or one file), read at construction and on first request after.
class file_cache {
public:
  explicit file_cache(fs::path root) : root_(std::move(root)) {}

  void preload_tree() {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root_, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it->is_regular_file(ec)) find_or_load(it->path());
    }
  }

  // The cached file, loading it when it exists under the root; an error answer otherwise.
  std::variant<std::shared_ptr<const cached_file>, http_answer> find_or_load(fs::path file,
                                                                             std::string_view url_path = {}) {
    if (auto hit = lookup(file)) return hit;
    if (auto hit = lookup(file / "index.html")) return hit;
    std::error_code ec;
    if (fs::is_directory(file, ec)) file /= "index.html";
    if (!fs::is_regular_file(file, ec)) return not_found(url_path);
    // Symlinks are followed only when they stay under the root.
    if (!inside(root_, file)) return text_answer(403, "403 Forbidden: the path leaves the served directory\n");
    auto loaded = load(file);
    if (!loaded) return text_answer(500, "500 Internal Server Error: the file cannot be read\n");
    std::lock_guard lock(mutex_);
    if (bytes_ + loaded->body->size() <= max_cache_bytes) {
      bytes_ += loaded->body->size() + (loaded->gzip ? loaded->gzip->size() : 0);
      files_.emplace(file.lexically_normal().string(), loaded);
    }
    return loaded;
  }

private:
  std::shared_ptr<const cached_file> lookup(const fs::path& file) const {
    std::lock_guard lock(mutex_);
    auto it = files_.find(file.lexically_normal().string());
    return it == files_.end() ? nullptr : it->second;
  }

  fs::path root_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const cached_file>> files_;
  std::size_t bytes_ = 0;
};

http_answer serve(file_cache& cache, const fs::path& file, const http_request_view& request) {
  auto found = cache.find_or_load(file, target_path(request.target));
  if (auto* error = std::get_if<http_answer>(&found)) return std::move(*error);
  return answer_from(*std::get<0>(found), request);
}

}  // namespace

std::optional<fs::path> resolve_under(const fs::path& root, std::string_view url_path) {
  auto decoded = core::percent_decode(url_path);
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
  auto cache = std::make_shared<file_cache>(directory);
  cache->preload_tree();
  return [cache, root = std::move(directory), prefix = std::move(url_prefix)](const http_request_view& request) {
    std::string_view path = target_path(request.target);
    std::string_view rest = prefix == "/" ? path : path.substr(std::min(prefix.size(), path.size()));
    auto file = resolve_under(root, rest);
    if (!file) return text_answer(403, "403 Forbidden: the path leaves the served directory\n");
    return serve(*cache, *file, request);
  };
}

route_handler static_file(fs::path file) {
  auto cache = std::make_shared<file_cache>(file.parent_path());
  cache->find_or_load(file);
  return [cache, file = std::move(file)](const http_request_view& request) { return serve(*cache, file, request); };
}

bool accepts_gzip(std::string_view header) {
  std::optional<double> gzip_q, any_q;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    auto semi = item.find(';');
    std::string_view coding = trim(item.substr(0, semi));
    double q = 1;
    if (semi != std::string_view::npos) {
      std::string_view param = trim(item.substr(semi + 1));
      if (param.starts_with("q=") || param.starts_with("Q=")) q = std::strtod(std::string(param.substr(2)).c_str(), nullptr);
    }
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) gzip_q = q;
    else if (coding == "*") any_q = q;
  }
  return gzip_q ? *gzip_q > 0 : any_q.value_or(0) > 0;
}

}  // namespace wmpulse::server
