#pragma once
// Small text helpers shared by configuration parsers (service, Genesys, server checks) and by
// the HTTP sides (server, simulator).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wmpulse::core {

// Without leading and trailing white space (spaces, tabs, CR, LF, …).
std::string_view trim(std::string_view s);

// Splits "a, b,,c" into {"a","b","c"}: items trimmed, empty ones dropped.
std::vector<std::string> split_list(std::string_view text);

// `s` in double quotes with ", \ and control characters escaped (\n, \u0001): a JSON string,
// and a TOML basic string too.
std::string quoted(std::string_view s);

// %XX escapes decoded (RFC 3986); '+' read as a space too when `plus_is_space` (query strings,
// HTML forms). nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space = false);

}  // namespace wmpulse::core
