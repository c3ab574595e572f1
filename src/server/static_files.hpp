#pragma once
// Static files as a route_handler: content types, ETag + Last-Modified with 304 answers,
// Cache-Control: no-cache (always revalidate: assets change with each build), index.html
// for directories, and no way out of the directory (.., encoded or not, and symlinks).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "server/http_exchange.hpp"

namespace wmpulse::server {

// Serves `directory`; the request path minus `url_prefix` names the file.
route_handler static_directory(std::filesystem::path directory, std::string url_prefix);
// Serves one file whatever the path (e.g. a GraphiQL page for a browser's GET /graphql).
route_handler static_file(std::filesystem::path file);

// The file under `root` that a URL path (after the prefix) names, or nullopt when it
// decodes badly or escapes the root. Does not check that the file exists.
std::optional<std::filesystem::path> resolve_under(const std::filesystem::path& root, std::string_view url_path);

std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace wmpulse::server
