#include "core/redact.hpp"

#include <algorithm>

namespace wmpulse::core {

std::string redact_url(std::string_view url) {
  if (const auto hash = url.find('#'); hash != std::string_view::npos) url = url.substr(0, hash);
  std::string out;
  std::size_t authority = url.find("://");
  authority = authority == std::string_view::npos ? 0 : authority + 3;
  const std::size_t authority_end = std::min(url.find_first_of("/?", authority), url.size());
  const std::size_t at = url.substr(0, authority_end).rfind('@');
  if (at != std::string_view::npos && at >= authority) {
    out.append(url.substr(0, authority)).append("***").append(url.substr(at, authority_end - at));
  } else {
    out.append(url.substr(0, authority_end));
  }
  const std::string_view rest = url.substr(authority_end);
  const auto query = rest.find('?');
  out.append(rest.substr(0, query));
  if (query != std::string_view::npos) out.append("?***");
  return out;
}

}  // namespace wmpulse::core
