#pragma once
// The service's configuration: command-line flags over environment variables over the config
// file (TOML, --config) over defaults; every option is a row of app/options.hpp.
// parse_config never exits or prints; it returns the config or one clear error naming the
// option and where its value came from.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "core/result.hpp"
#include "metrics/aggregator_config.hpp"
#include "metrics/thresholds.hpp"

namespace wmpulse::app {

// `unset` never leaves parse_config: it becomes genesys when Genesys credentials are
// configured, and is an error otherwise (no invented figures by accident).
enum class source_kind { unset, genesys, tutorial, generator, replay, none };
using metrics::clock_mode;  // --clock picks the aggregator's clock

struct config {
  // Serving
  std::string bind_address;  // empty: 127.0.0.1 without a web config file, 0.0.0.0 with one (parse_config)
  // Access control and TLS for the server (docs/ACCESS.md); re-read on SIGHUP.
  std::string web_config_file;  // empty: access is open
  std::string tls_cert;         // PEM chain; with tls_key: HTTPS and WSS only
  std::string tls_key;
  std::uint16_t port = 4000;
  int http_threads = 1;
  std::string web_root;  // dashboard + GraphiQL assets; empty = web/ beside the binary (build/web)
  // Server hardening (docs/SECURITY.md): browser checks and per-client/overall bounds.
  std::vector<std::string> allowed_origins;  // besides the served origin; env WMPULSE_ALLOWED_ORIGINS
  std::vector<std::string> allowed_hosts;    // empty: any Host
  std::size_t max_connections = 20'000;
  std::size_t max_connections_per_client = 512;
  std::size_t ws_max_distinct_subscriptions = 16;
  std::size_t max_subscription_keys = 10'000;
  // Source
  source_kind source = source_kind::unset;
  std::string events_url;    // tutorial source
  std::string events_token;  // tutorial source bearer token (env only)
  core::millis events_idle_timeout_ms = 30'000;  // tutorial source: silence (no frame, no pong) → reconnect
  std::string ca_file;
  std::string replay_file;
  std::optional<double> replay_speed;  // empty: as fast as possible ("max")
  std::string record_file;             // --record: every inbound frame, one JSON line each
  std::size_t record_max_bytes = 256ULL << 20;
  std::uint64_t seed = 1;
  double generator_rate = 120;  // sessions per minute
  // Aggregation
  core::millis window_ms = 60'000;
  std::optional<clock_mode> clock;  // default: event for replay, wall otherwise
  core::millis idle_timeout_ms = 4 * 3'600'000LL;
  std::int64_t max_sessions = 1'000'000;
  core::millis short_abandon_ms = 10'000;         // queue figures: an abandon this soon after entry is short
  core::millis service_level_target_ms = 20'000;  // queue figures: answered this soon after entry is in target
  core::millis tick_ms = 100;  // how often the window moves without events
  std::int64_t history_seconds = 3600;
  double subscription_max_rate = 10;  // pushes per second per subscription
  // GraphQL request limits (a request over one is refused with an error naming it).
  std::size_t max_body_bytes = 1 << 20;
  std::size_t graphql_max_query_bytes = 100'000;
  std::size_t graphql_max_tokens = 10'000;
  std::size_t graphql_max_depth = 32;
  std::size_t graphql_max_fields = 2'000;
  std::size_t graphql_max_aliases = 1'000;
  std::size_t graphql_max_expanded_selections = 5'000;
  std::size_t graphql_max_response_bytes = 8 * 1024 * 1024;
  // Genesys connector flags are kept raw and handed to the connector's own parser.
  std::map<std::string, std::string> genesys_flags;
  // Genesys credentials from the config file or the environment, by their environment names
  // (GENESYS_CLOUD_CLIENT_ID, …): the connector reads these before the process environment.
  std::map<std::string, std::string> genesys_env;
  core::log_level log_level = core::log_level::info;
  core::log_format log_format = core::log_format::text;
  std::string config_file;  // the file read, if any (--config or WMPULSE_CONFIG)
  metrics::thresholds thresholds;  // config file only: [thresholds.default], [thresholds.queue."<id or name>"]
  // Durable state and the cluster (docs/SCALING.md).
  std::string data_dir;  // embedded journal; empty: everything in memory
  std::vector<std::string> nats_urls;  // the cluster's NATS servers; empty: no cluster
  std::string nats_credentials_file;
  std::string nats_ca_file;
  std::string nats_stream = "wmpulse";
  std::size_t nats_replicas = 1;
  std::string node_name;  // empty: <hostname>-<pid>
  core::millis lease_ttl_ms = 5'000;

  clock_mode effective_clock() const {
    return clock.value_or(source == source_kind::replay ? clock_mode::event : clock_mode::wall);
  }
};

// Reads each option's environment names from `environment`, and the config file named by
// --config or WMPULSE_CONFIG. `--help` yields an error whose message is the usage text and
// help_requested set; `--version` and `--print-config` set their flags (the latter with the
// whole configuration parsed and checked).
struct parse_outcome {
  std::optional<config> cfg;
  std::string error;
  bool help_requested = false;
  bool version_requested = false;
  bool print_config_requested = false;
};
parse_outcome parse_config(const std::vector<std::string>& args, const std::map<std::string, std::string>& environment);

std::string usage();
// "wmpulse 0.1.0 (build v0.1.0-12-gabcdef, Release)".
std::string version_text();
// The effective configuration as a TOML config file, secrets masked.
std::string print_config(const config& c);
// The options table of docs/CONFIGURATION.md: flag, environment, file key, default, meaning.
std::string options_markdown();
std::string_view to_string(source_kind k);

}  // namespace wmpulse::app
