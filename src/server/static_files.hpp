#pragma once
// Static files as a route_handler: content types, a strong ETag (a hash of the bytes) and
// Last-Modified with 304 answers, Cache-Control: no-cache (always revalidate: assets change
// with each build), index.html for directories, and no way out of the directory (.., encoded
// or not, and symlinks).
//
// Files are read once and kept in memory with a gzip copy (made once, when it is smaller),
// served to clients whose Accept-Encoding allows it (Vary: Accept-Encoding), so a request
// costs no disk read and no copy. The assets are built with the binary: a file changed after
// it was cached is not re-read; one that does not exist is 404.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "server/http_exchange.hpp"

namespace wmpulse::server {

// Serves `directory` (its files are cached at once); the request path minus `url_prefix`
// names the file.
route_handler static_directory(std::filesystem::path directory, std::string url_prefix);
// Serves one file whatever the path (e.g. a GraphiQL page for a browser's GET /graphql).
route_handler static_file(std::filesystem::path file);

// The file under `root` that a URL path (after the prefix) names, or nullopt when it
// decodes badly or escapes the root. Does not check that the file exists.
std::optional<std::filesystem::path> resolve_under(const std::filesystem::path& root, std::string_view url_path);

std::string_view content_type_for(const std::filesystem::path& file);

// Whether an Accept-Encoding header accepts gzip (a q of 0 refuses it).
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace wmpulse::server
