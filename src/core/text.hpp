#pragma once
// Small text helpers shared by configuration parsers (service, Genesys, server checks).
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

}  // namespace wmpulse::core
