#include "genesys/region.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace wmpulse::genesys {
namespace {

constexpr std::array<region, 18> regions{{
    {"us_east_1", "mypurecloud.com"},
    {"us_east_2", "use2.us-gov-pure.cloud"},
    {"us_west_2", "usw2.pure.cloud"},
    {"ca_central_1", "cac1.pure.cloud"},
    {"sa_east_1", "sae1.pure.cloud"},
    {"mx_central_1", "mxc1.pure.cloud"},
    {"eu_west_1", "mypurecloud.ie"},
    {"eu_west_2", "euw2.pure.cloud"},
    {"eu_central_1", "mypurecloud.de"},
    {"eu_central_2", "euc2.pure.cloud"},
    {"eusc_de_east_1", "edee1.eusc-pure.cloud"},
    {"me_central_1", "mec1.pure.cloud"},
    {"ap_south_1", "aps1.pure.cloud"},
    {"ap_southeast_1", "apse1.pure.cloud"},
    {"ap_southeast_2", "mypurecloud.com.au"},
    {"ap_northeast_1", "mypurecloud.jp"},
    {"ap_northeast_2", "apne2.pure.cloud"},
    {"ap_northeast_3", "apne3.pure.cloud"},
}};

std::string normalise(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  for (std::string_view prefix : {"https://", "http://"})
    if (out.starts_with(prefix)) out.erase(0, prefix.size());
  while (!out.empty() && out.back() == '/') out.pop_back();
  for (std::string_view prefix : {"api.", "login."})
    if (out.starts_with(prefix)) out.erase(0, prefix.size());
  return out;
}

}  // namespace

std::span<const region> known_regions() { return regions; }

std::optional<region> find_region(std::string_view name_or_domain) {
  const std::string key = normalise(name_or_domain);
  std::string as_sdk_name = key;
  for (char& c : as_sdk_name)
    if (c == '-') c = '_';
  for (const region& r : regions)
    if (r.domain == key || r.sdk_name == as_sdk_name) return r;
  return std::nullopt;
}

std::optional<environment> find_environment(std::string_view text) {
  if (auto r = find_region(text)) return environment{std::string(r->domain), true};
  const std::string host = normalise(text);
  const bool host_chars = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
  if (!host_chars || host.find('.') == std::string::npos || host.front() == '.' || host.back() == '.' ||
      host.find("..") != std::string::npos)
    return std::nullopt;
  return environment{host, false};
}

std::string login_base_for(std::string_view domain) { return "https://login." + std::string(domain); }
std::string api_base_for(std::string_view domain) { return "https://api." + std::string(domain); }

}  // namespace wmpulse::genesys
