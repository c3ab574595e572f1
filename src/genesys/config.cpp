#include "genesys/config.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/counting_period.hpp"
#include "core/duration.hpp"
#include "core/text.hpp"
#include "genesys/region.hpp"
#include "net/url.hpp"

namespace wmpulse::genesys {
namespace {

using fail = core::failure<config_error>;

std::optional<std::string> first_set(const env_lookup& env, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    auto v = env(n);
    if (v && !v->empty()) return v;
  }
  return std::nullopt;
}

std::string trim(std::string_view s) { return std::string(core::trim(s)); }

// Names the file, never its content.
core::result<std::string, config_error> read_secret_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail{{"cannot read GENESYS_CLOUD_CLIENT_SECRET_FILE " + path}};
  std::ostringstream text;
  text << in.rdbuf();
  std::string secret = trim(text.str());
  if (secret.empty()) return fail{{"GENESYS_CLOUD_CLIENT_SECRET_FILE " + path + " is empty"}};
  return secret;
}

core::result<std::string, config_error> secret_from(const env_lookup& env) {
  if (auto s = first_set(env, {"GENESYS_CLOUD_CLIENT_SECRET", "GENESYS_CLIENT_SECRET"})) return trim(*s);
  if (auto file = first_set(env, {"GENESYS_CLOUD_CLIENT_SECRET_FILE"})) return read_secret_file(*file);
  return fail{{"no client secret: set GENESYS_CLOUD_CLIENT_SECRET or GENESYS_CLOUD_CLIENT_SECRET_FILE"}};
}

std::optional<std::string> checked_base(const std::string& text, std::string& error, std::string_view what,
                                        bool allow_insecure) {
  auto url = net::parse_endpoint_url(text);
  if (!url || (url->scheme != "https" && url->scheme != "http")) {
    error = std::string(what) + " must be an absolute http(s) URL without credentials";
    return std::nullopt;
  }
  if (url->scheme == "http" && !allow_insecure) {
    error = std::string(what) + " must be an https URL: plain http would send the client secret and tokens in "
            "clear (--genesys-allow-insecure-upstreams allows it, for tests against a local simulator)";
    return std::nullopt;
  }
  std::string base = text;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

// The sane range of each duration flag: shorter would hammer the API, longer overflows nothing
// but would never come round.
std::optional<std::pair<core::millis, core::millis>> duration_range(std::string_view name) {
  constexpr core::millis second = 1000, hour = 3'600'000;
  if (name == "queue-refresh" || name == "reconcile-interval") return std::pair{1 * second, 24 * hour};
  if (name == "backfill-lookback") return std::pair{1 * second, 7 * 24 * hour};
  return std::nullopt;
}

core::result<config, config_error> resolve_hosts(config c, const env_lookup& env, const config_overrides& o) {
  const auto region_text = o.region ? o.region : first_set(env, {"GENESYS_CLOUD_REGION", "GENESYS_ENV"});
  if (region_text) {
    auto r = find_environment(*region_text);
    if (!r) return fail{{"unknown Genesys Cloud region '" + *region_text +
                         "': use an SDK region name (eu_west_1, …) or a domain (mypurecloud.ie, …)"}};
    // As the SDK's setEnvironment: a domain the table lacks is used as given (a new region).
    if (!r->listed)
      c.region_warning = "Genesys Cloud region domain '" + r->domain +
                         "' is not one of the 18 known regions; using https://login." + r->domain + " and https://api." + r->domain;
    c.region_domain = r->domain;
    c.login_base = login_base_for(r->domain);
    c.api_base = api_base_for(r->domain);
  }
  std::string error;
  if (o.login_base) {
    auto b = checked_base(*o.login_base, error, "--login-base", o.allow_insecure_upstreams);
    if (!b) return fail{{error}};
    c.login_base = *b;
  }
  if (o.api_base) {
    auto b = checked_base(*o.api_base, error, "--api-base", o.allow_insecure_upstreams);
    if (!b) return fail{{error}};
    c.api_base = *b;
  }
  if (c.login_base.empty() || c.api_base.empty())
    return fail{{"no Genesys Cloud region: set GENESYS_CLOUD_REGION (or GENESYS_ENV), or give both "
                 "--login-base and --api-base"}};
  return c;
}

}  // namespace

env_lookup process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

core::result<config, config_error> config_from_env(const env_lookup& env, const config_overrides& o) {
  config c;
  auto id = first_set(env, {"GENESYS_CLOUD_CLIENT_ID", "GENESYS_CLIENT_ID"});
  if (!id) return fail{{"no client id: set GENESYS_CLOUD_CLIENT_ID (or GENESYS_CLIENT_ID)"}};
  c.client_id = trim(*id);
  auto secret = secret_from(env);
  if (!secret) return fail{secret.error()};
  c.client_secret = std::move(secret.value());

  auto hosts = resolve_hosts(std::move(c), env, o);
  if (!hosts) return hosts;
  c = std::move(hosts.value());

  auto proxy = net::proxy_from_environment(env);
  if (!proxy) return fail{{proxy.error()}};
  c.proxy = std::move(proxy.value());
  if (o.ca_file) c.ca_file = *o.ca_file;
  c.allow_insecure_upstreams = o.allow_insecure_upstreams;
  if (o.queue_ids) c.queue_ids = *o.queue_ids;
  else if (auto q = first_set(env, {"GENESYS_CLOUD_QUEUE_IDS"})) c.queue_ids = core::split_list(*q);

  const auto tz = o.counting_utc_offset ? o.counting_utc_offset : first_set(env, {"GENESYS_CLOUD_COUNTING_UTC_OFFSET"});
  if (tz) {
    auto minutes = core::parse_utc_offset(*tz);
    if (!minutes) return fail{{"bad counting-period UTC offset '" + *tz + "': use UTC, +HH:MM or -HH:MM"}};
    c.counting_utc_offset_minutes = *minutes;
  }
  if (o.queue_refresh_ms) c.queue_rediscovery_ms = *o.queue_refresh_ms;
  if (o.backfill_lookback_ms) c.backfill_lookback_ms = *o.backfill_lookback_ms;
  if (o.reconcile_interval_ms) c.reconcile_interval_ms = *o.reconcile_interval_ms;
  return c;
}

core::result<config, config_error> config_from_flags(const std::map<std::string, std::string>& flags,
                                                     const std::string& ca_file, const env_lookup& env) {
  config_overrides o;
  if (!ca_file.empty()) o.ca_file = ca_file;
  for (const auto& [name, value] : flags) {
    if (name == "region") o.region = value;
    else if (name == "login-base") o.login_base = value;
    else if (name == "api-base") o.api_base = value;
    else if (name == "queues") o.queue_ids = core::split_list(value);
    else if (name == "counting-utc-offset") o.counting_utc_offset = value;
    else if (name == "genesys-allow-insecure-upstreams") {
      if (value != "true" && value != "false") return fail{{"--" + name + " takes no value, or true|false"}};
      o.allow_insecure_upstreams = value == "true";
    } else if (auto range = duration_range(name)) {
      auto ms = core::parse_duration_ms(value);
      if (!ms || *ms < range->first || *ms > range->second)
        return fail{{"--" + name + " expects a duration such as 5m, from " + std::to_string(range->first / 1000) +
                     " s to " + std::to_string(range->second / 3'600'000) + " h"}};
      (name == "queue-refresh"        ? o.queue_refresh_ms
       : name == "backfill-lookback" ? o.backfill_lookback_ms
                                     : o.reconcile_interval_ms) = *ms;
    } else {
      return fail{{"unknown Genesys Cloud option --" + name}};
    }
  }
  return config_from_env(env, o);
}

}  // namespace wmpulse::genesys
