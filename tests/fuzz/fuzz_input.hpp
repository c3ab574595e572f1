#pragma once
// Helpers shared by the fuzz targets to cut one input into several messages.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace wmpulse::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The parts of `input` between separators (an empty input gives one empty part).
inline std::vector<std::string_view> split(std::string_view input, char separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    const auto at = input.find(separator);
    parts.push_back(input.substr(0, at));
    if (at == std::string_view::npos) return parts;
    input.remove_prefix(at + 1);
  }
}

}  // namespace wmpulse::fuzz
