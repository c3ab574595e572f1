#pragma once
// Genesys Cloud regions: the SDK's region names and their domains, and the hosts Genesys
// derives from a domain (login., api.; the stream URL always comes from a channel's connectUri).
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace wmpulse::genesys {

struct region {
  std::string_view sdk_name;  // as in PureCloudRegionHosts, e.g. "eu_west_1"
  std::string_view domain;    // e.g. "mypurecloud.ie"
};

// All regions of the facts' table (18).
std::span<const region> known_regions();

// Accepts an SDK name ("eu_west_1", also "eu-west-1", any case) or a domain
// ("mypurecloud.ie"), optionally prefixed with "https://", "api." or "login." as the SDK
// strips them. nullopt for anything not in the table.
std::optional<region> find_region(std::string_view name_or_domain);

// The domain of any environment string, as the SDK's setEnvironment takes one: a known region
// (by name or domain), else any host name with a dot ("mypurecloud.example", after stripping
// "https://", "api." or "login."). `listed` says whether the facts' table has it. nullopt for
// text that is no host name at all.
struct environment {
  std::string domain;
  bool listed = false;
};
std::optional<environment> find_environment(std::string_view text);

std::string login_base_for(std::string_view domain);  // https://login.<domain>
std::string api_base_for(std::string_view domain);    // https://api.<domain>

}  // namespace wmpulse::genesys
