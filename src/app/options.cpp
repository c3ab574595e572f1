#include "app/options.hpp"

#include <charconv>
#include <cmath>

#include "core/duration.hpp"
#include "core/text.hpp"

namespace wmpulse::app {
namespace {

using setter = std::function<std::string(config&, const std::string&)>;
using getter = std::function<std::string(const config&)>;

template <class T>
bool parse_number(const std::string& text, T& out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && p == text.data() + text.size();
}

std::string real_text(double d) {
  char buf[32];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return ec == std::errc() ? std::string(buf, p) : std::string();
}

// "250 ms", "90 s", "5 min", "4 h", "7 d": the largest unit that divides it.
std::string describe_ms(core::millis ms) {
  const std::pair<core::millis, const char*> units[] = {{86'400'000, " d"}, {3'600'000, " h"}, {60'000, " min"}, {1000, " s"}};
  for (const auto& [size, name] : units)
    if (ms >= size && ms % size == 0) return std::to_string(ms / size) + name;
  return std::to_string(ms) + " ms";
}

// The same, written so that parse_duration_ms reads it back: "250ms", "90s", "5m", "4h", "7d".
std::string duration_text(core::millis ms) {
  const std::pair<core::millis, const char*> units[] = {{86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}};
  for (const auto& [size, name] : units)
    if (ms >= size && ms % size == 0) return std::to_string(ms / size) + name;
  return std::to_string(ms) + "ms";
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

// Absurd values (a week-long tick, a 1e-300 rate, NaN) are refused here with the range, rather
// than reaching arithmetic that would overflow or a loop that would spin.
std::string duration_in(const std::string& v, core::millis min_ms, core::millis max_ms, core::millis& out) {
  auto d = core::parse_duration_ms(v);
  if (!d || *d < min_ms || *d > max_ms)
    return "expects a duration such as 60s, 5m or 250ms, from " + describe_ms(min_ms) + " to " + describe_ms(max_ms);
  out = *d;
  return {};
}

setter set_duration(core::millis config::*field, core::millis min_ms, core::millis max_ms) {
  return [=](config& c, const std::string& v) { return duration_in(v, min_ms, max_ms, c.*field); };
}

getter duration_of(core::millis config::*field) {
  return [=](const config& c) { return duration_text(c.*field); };
}

setter set_real(double config::*field, double min, double max, const char* what) {
  return [=](config& c, const std::string& v) {
    double x = 0;
    if (!parse_number(v, x) || !std::isfinite(x) || x < min || x > max)
      return std::string("expects ") + what + " from " + real_text(min) + " to " + real_text(max);
    c.*field = x;
    return std::string();
  };
}

getter real_of(double config::*field) {
  return [=](const config& c) { return real_text(c.*field); };
}

setter positive_size(std::size_t config::*field, std::size_t max = 1'000'000'000) {
  return [=](config& c, const std::string& v) {
    std::size_t n = 0;
    if (!parse_number(v, n) || n == 0 || n > max) return "expects a whole number from 1 to " + std::to_string(max);
    c.*field = n;
    return std::string();
  };
}

getter size_of(std::size_t config::*field) {
  return [=](const config& c) { return std::to_string(c.*field); };
}

setter set_text(std::string config::*field) {
  return [=](config& c, const std::string& v) {
    c.*field = v;
    return std::string();
  };
}

getter text_of(std::string config::*field) {
  return [=](const config& c) { return c.*field; };
}

setter set_list(std::vector<std::string> config::*field) {
  return [=](config& c, const std::string& v) {
    c.*field = core::split_list(v);
    return std::string();
  };
}

getter list_of(std::vector<std::string> config::*field) {
  return [=](const config& c) { return join(c.*field); };
}

// Genesys connector options are kept raw, by flag name, and checked by the connector's own
// parser; an empty value means unset.
setter genesys_flag(std::string name) {
  return [=](config& c, const std::string& v) {
    if (v.empty()) c.genesys_flags.erase(name);
    else c.genesys_flags[name] = v;
    return std::string();
  };
}

getter genesys_flag_of(std::string name) {
  return [=](const config& c) {
    auto it = c.genesys_flags.find(name);
    return it == c.genesys_flags.end() ? std::string() : it->second;
  };
}

setter genesys_switch(std::string name) {
  return [=](config& c, const std::string& v) {
    if (v != "true" && v != "false") return std::string("takes no value, or true|false");
    c.genesys_flags[name] = v;
    return std::string();
  };
}

// Credentials the connector reads by their environment names; no flag carries them.
setter genesys_env(std::string name) {
  return [=](config& c, const std::string& v) {
    c.genesys_env[name] = v;
    return std::string();
  };
}

getter genesys_env_of(std::string name) {
  return [=](const config& c) {
    auto it = c.genesys_env.find(name);
    return it == c.genesys_env.end() ? std::string() : it->second;
  };
}

bool parse_source(const std::string& v, source_kind& out) {
  for (auto k : {source_kind::genesys, source_kind::tutorial, source_kind::generator, source_kind::replay, source_kind::none})
    if (v == to_string(k)) {
      out = k;
      return true;
    }
  return false;
}

std::string_view format_name(core::log_format f) { return f == core::log_format::json ? "json" : "text"; }

std::string_view level_name(core::log_level l) {
  switch (l) {
    case core::log_level::debug: return "debug";
    case core::log_level::info: return "info";
    case core::log_level::warn: return "warn";
    case core::log_level::error: return "error";
    case core::log_level::off: break;
  }
  return "off";
}

constexpr std::string_view serving = "Serving";
constexpr std::string_view source = "Source of events";
constexpr std::string_view genesys = "Genesys Cloud (--source genesys)";
constexpr std::string_view aggregation = "Aggregation (docs/METRICS.md)";
constexpr std::string_view limits = "GraphQL limits (requests over a limit get an error that names it)";
constexpr std::string_view state = "Durable state and the cluster (docs/SCALING.md)";
constexpr std::string_view logging = "Logging";

using enum value_kind;

std::vector<option> make_options() {
  return {
      {"port", "server.port", "WMPULSE_PORT", "PORT", "N", serving,
       "HTTP port. GraphQL at /graphql, dashboard at /, Prometheus metrics at /metrics", integer, false, {},
       [](config& c, const std::string& v) {
         unsigned p = 0;
         if (!parse_number(v, p) || p > 65535) return std::string("expects a port number 0-65535");
         c.port = static_cast<std::uint16_t>(p);
         return std::string();
       },
       [](const config& c) { return std::to_string(c.port); }},
      {"bind", "server.bind", "WMPULSE_BIND", {}, "ADDR", serving, "address to listen on (127.0.0.1 for local only)",
       text, false, "127.0.0.1; 0.0.0.0 with --web-config-file", set_text(&config::bind_address),
       text_of(&config::bind_address)},
      {"web-config-file", "server.web_config_file", "WMPULSE_WEB_CONFIG_FILE", {}, "FILE", serving,
       "users, tokens and their roles (viewer, metrics); re-read on SIGHUP (docs/ACCESS.md)", text, false,
       "none: access is open", set_text(&config::web_config_file), text_of(&config::web_config_file)},
      {"tls-cert", "server.tls_cert", "WMPULSE_TLS_CERT", {}, "FILE", serving,
       "PEM certificate chain (leaf first): serve HTTPS and WSS; re-read on SIGHUP", text, false, "none: plain HTTP",
       set_text(&config::tls_cert), text_of(&config::tls_cert)},
      {"tls-key", "server.tls_key", "WMPULSE_TLS_KEY", {}, "FILE", serving, "PEM private key of --tls-cert", text,
       false, {}, set_text(&config::tls_key), text_of(&config::tls_key)},
      {"http-threads", "server.http_threads", "WMPULSE_HTTP_THREADS", {}, "N", serving, "HTTP worker threads (1-64)",
       integer, false, {},
       [](config& c, const std::string& v) {
         if (!parse_number(v, c.http_threads) || c.http_threads < 1 || c.http_threads > 64)
           return std::string("expects 1-64");
         return std::string();
       },
       [](const config& c) { return std::to_string(c.http_threads); }},
      {"web-root", "server.web_root", "WMPULSE_WEB_ROOT", {}, "DIR", serving, "dashboard and GraphiQL assets", text,
       false, "web/ beside the binary (build/web), else ../share/wmpulse/web (installed)", set_text(&config::web_root), text_of(&config::web_root)},
      {"allowed-origins", "server.allowed_origins", "WMPULSE_ALLOWED_ORIGINS", {}, "LIST", serving,
       "origins (https://host[:port], comma list) allowed besides this server's own for WebSocket upgrades and "
       "GraphQL GETs; other Origins get 403 (requests without Origin pass)",
       list, false, {}, set_list(&config::allowed_origins), list_of(&config::allowed_origins)},
      {"allowed-hosts", "server.allowed_hosts", "WMPULSE_ALLOWED_HOSTS", {}, "LIST", serving,
       "host names this server answers to (comma list); other Hosts get 403 (DNS rebinding)", list, false, "any",
       set_list(&config::allowed_hosts), list_of(&config::allowed_hosts)},
      {"max-connections", "server.max_connections", "WMPULSE_MAX_CONNECTIONS", {}, "N", serving,
       "open connections in total; more are closed at accept", integer, false, {},
       positive_size(&config::max_connections), size_of(&config::max_connections)},
      {"max-connections-per-client", "server.max_connections_per_client", "WMPULSE_MAX_CONNECTIONS_PER_CLIENT", {}, "N",
       serving, "open connections per client IP address", integer, false, {},
       positive_size(&config::max_connections_per_client), size_of(&config::max_connections_per_client)},
      {"ws-max-distinct-subscriptions", "server.ws_max_distinct_subscriptions", "WMPULSE_WS_MAX_DISTINCT_SUBSCRIPTIONS",
       {}, "N", serving, "distinct subscriptions per WebSocket; more get an error", integer, false, {},
       positive_size(&config::ws_max_distinct_subscriptions), size_of(&config::ws_max_distinct_subscriptions)},
      {"max-subscription-keys", "server.max_subscription_keys", "WMPULSE_MAX_SUBSCRIPTION_KEYS", {}, "N", serving,
       "distinct subscriptions in total; more get an error", integer, false, {},
       positive_size(&config::max_subscription_keys), size_of(&config::max_subscription_keys)},

      {"source", "source", "WMPULSE_SOURCE", {}, "KIND", source,
       "genesys | tutorial | generator | replay | none (generator: invented figures, marked synthetic)", text, false,
       "genesys when its credentials are configured, else refuse to start",
       [](config& c, const std::string& v) {
         return parse_source(v, c.source) ? std::string() : "expects genesys, tutorial, generator, replay or none";
       },
       [](const config& c) { return std::string(to_string(c.source)); }},
      {"events-url", "tutorial.events_url", "WMPULSE_EVENTS_URL", {}, "URL", source,
       "tutorial source: ws:// or wss:// URL of the event stream", text, false, {}, set_text(&config::events_url),
       text_of(&config::events_url)},
      {{}, "tutorial.events_token", "WMPULSE_EVENTS_TOKEN", {}, "TOKEN", source,
       "tutorial source: bearer token for the event stream (environment or file only)", text, true, {},
       set_text(&config::events_token), text_of(&config::events_token)},
      {"events-idle-timeout", "tutorial.events_idle_timeout", "WMPULSE_EVENTS_IDLE_TIMEOUT", {}, "DURATION", source,
       "tutorial source: reconnect after this long with no frame and no pong to our pings (1s-1h)", duration, false,
       {}, set_duration(&config::events_idle_timeout_ms, 1000, 3'600'000), duration_of(&config::events_idle_timeout_ms)},
      {"ca-file", "ca_file", "WMPULSE_CA_FILE", {}, "FILE", source,
       "extra CA certificate to trust for TLS (tests); TLS is always verified", text, false, {},
       set_text(&config::ca_file), text_of(&config::ca_file)},
      {"replay-file", "replay.file", "WMPULSE_REPLAY_FILE", {}, "FILE", source,
       "replay source: tutorial frames, recordings, Genesys notifications or EventBridge events, one per line", text,
       false, {}, set_text(&config::replay_file), text_of(&config::replay_file)},
      {"speed", "replay.speed", "WMPULSE_SPEED", {}, "N|max", source,
       "replay source: pace recordings at N times their recorded pace, or max (as fast as possible)", text, false,
       "max",
       [](config& c, const std::string& v) {
         double n = 0;
         if (v == "max") c.replay_speed.reset();
         else if (parse_number(v, n) && n > 0 && n <= 1e6) c.replay_speed = n;
         else return std::string("expects max or a number over 0 up to 1000000");
         return std::string();
       },
       [](const config& c) { return c.replay_speed ? real_text(*c.replay_speed) : std::string("max"); }},
      {"record", "record.file", "WMPULSE_RECORD", {}, "FILE", source,
       "write every inbound frame with its receive time to FILE (docs/RECORD-REPLAY.md)", text, false, {},
       set_text(&config::record_file), text_of(&config::record_file)},
      {"record-max-bytes", "record.max_bytes", "WMPULSE_RECORD_MAX_BYTES", {}, "N", source,
       "rotate the recording past this size, keeping FILE.1 to FILE.4", integer, false, "268435456",
       positive_size(&config::record_max_bytes, std::size_t{1} << 40), size_of(&config::record_max_bytes)},
      {"seed", "generator.seed", "WMPULSE_SEED", {}, "N", source, "generator seed", integer, false, {},
       [](config& c, const std::string& v) { return parse_number(v, c.seed) ? std::string() : "expects a whole number"; },
       [](const config& c) { return std::to_string(c.seed); }},
      {"generator-rate", "generator.rate", "WMPULSE_GENERATOR_RATE", {}, "R", source, "generator sessions per minute",
       real, false, {}, set_real(&config::generator_rate, 0.01, 1'000'000, "sessions per minute"),
       real_of(&config::generator_rate)},

      {"region", "genesys.region", "WMPULSE_REGION", "GENESYS_CLOUD_REGION,GENESYS_ENV", "NAME|DOMAIN", genesys,
       "Genesys Cloud region (eu_west_1, mypurecloud.ie, …)", text, false, {}, genesys_flag("region"),
       genesys_flag_of("region")},
      {"login-base", "genesys.login_base", "WMPULSE_LOGIN_BASE", {}, "URL", genesys,
       "login base URL instead of the region's", text, false, {}, genesys_flag("login-base"),
       genesys_flag_of("login-base")},
      {"api-base", "genesys.api_base", "WMPULSE_API_BASE", {}, "URL", genesys, "API base URL instead of the region's",
       text, false, {}, genesys_flag("api-base"), genesys_flag_of("api-base")},
      {"queues", "genesys.queues", "WMPULSE_QUEUES", "GENESYS_CLOUD_QUEUE_IDS", "ID,ID,…", genesys,
       "queues to follow, by id or routing queue name", list, false, "every queue", genesys_flag("queues"), genesys_flag_of("queues")},
      {"queue-refresh", "genesys.queue_refresh", "WMPULSE_QUEUE_REFRESH", {}, "DURATION", genesys,
       "how often the queue list (names; new queues when following every queue) is re-read", duration, false, "5m",
       genesys_flag("queue-refresh"), genesys_flag_of("queue-refresh")},
      {"counting-utc-offset", "genesys.counting_utc_offset", "WMPULSE_COUNTING_UTC_OFFSET",
       "GENESYS_CLOUD_COUNTING_UTC_OFFSET", "±HH:MM", genesys, "totalConnections counts from local midnight here", text,
       false, "UTC", genesys_flag("counting-utc-offset"), genesys_flag_of("counting-utc-offset")},
      {"backfill-lookback", "genesys.backfill_lookback", "WMPULSE_BACKFILL_LOOKBACK", {}, "DURATION", genesys,
       "start-up: conversations still open that started this long before the counting start", duration, false, "1d",
       genesys_flag("backfill-lookback"), genesys_flag_of("backfill-lookback")},
      {"reconcile-interval", "genesys.reconcile_interval", "WMPULSE_RECONCILE_INTERVAL", {}, "DURATION", genesys,
       "how often the details query re-checks for events lost while the socket stayed up", duration, false, "5m",
       genesys_flag("reconcile-interval"), genesys_flag_of("reconcile-interval")},
      {"genesys-allow-insecure-upstreams", "genesys.allow_insecure_upstreams",
       "WMPULSE_GENESYS_ALLOW_INSECURE_UPSTREAMS", {}, {}, genesys,
       "accept http:// bases and ws:// channels (tests only)", boolean, false, "false",
       genesys_switch("genesys-allow-insecure-upstreams"), genesys_flag_of("genesys-allow-insecure-upstreams")},
      {{}, "genesys.client_id", "GENESYS_CLOUD_CLIENT_ID", "GENESYS_CLIENT_ID", "ID", genesys,
       "OAuth client id (client credentials grant)", text, false, {}, genesys_env("GENESYS_CLOUD_CLIENT_ID"),
       genesys_env_of("GENESYS_CLOUD_CLIENT_ID")},
      {{}, "genesys.client_secret", "GENESYS_CLOUD_CLIENT_SECRET", "GENESYS_CLIENT_SECRET", "SECRET", genesys,
       "OAuth client secret (environment or file only)", text, true, {}, genesys_env("GENESYS_CLOUD_CLIENT_SECRET"),
       genesys_env_of("GENESYS_CLOUD_CLIENT_SECRET")},
      {{}, "genesys.client_secret_file", "GENESYS_CLOUD_CLIENT_SECRET_FILE", {}, "FILE", genesys,
       "file holding the OAuth client secret (e.g. a systemd credential)", text, false, {},
       genesys_env("GENESYS_CLOUD_CLIENT_SECRET_FILE"), genesys_env_of("GENESYS_CLOUD_CLIENT_SECRET_FILE")},

      {"window", "aggregation.window", "WMPULSE_WINDOW", {}, "DURATION", aggregation, "sliding window length (1s-1h)",
       duration, false, {}, set_duration(&config::window_ms, 1000, 3'600'000), duration_of(&config::window_ms)},
      {"clock", "aggregation.clock", "WMPULSE_CLOCK", {}, "wall|event", aggregation,
       "the window ends at the wall clock, or at the newest event time", text, false, "wall; event for replay",
       [](config& c, const std::string& v) {
         if (v == "wall") c.clock = clock_mode::wall;
         else if (v == "event") c.clock = clock_mode::event;
         else return std::string("expects wall or event");
         return std::string();
       },
       [](const config& c) { return !c.clock ? std::string() : *c.clock == clock_mode::wall ? "wall" : "event"; }},
      {"idle-timeout", "aggregation.idle_timeout", "WMPULSE_IDLE_TIMEOUT", {}, "DURATION", aggregation,
       "close sessions silent this long (1s-7d)", duration, false, {},
       set_duration(&config::idle_timeout_ms, 1000, 7 * 86'400'000LL), duration_of(&config::idle_timeout_ms)},
      {"max-sessions", "aggregation.max_sessions", "WMPULSE_MAX_SESSIONS", {}, "N", aggregation,
       "cap on tracked sessions", integer, false, {},
       [](config& c, const std::string& v) {
         return parse_number(v, c.max_sessions) && c.max_sessions > 0 && c.max_sessions <= 100'000'000
                    ? std::string()
                    : "expects a whole number from 1 to 100000000";
       },
       [](const config& c) { return std::to_string(c.max_sessions); }},
      {"short-abandon", "aggregation.short_abandon", "WMPULSE_SHORT_ABANDON", {}, "DURATION", aggregation,
       "Genesys queue figures: an abandon this soon after queue entry is short (0s-1h; 0s counts none)", duration,
       false, {}, set_duration(&config::short_abandon_ms, 0, 3'600'000), duration_of(&config::short_abandon_ms)},
      {"service-level-target", "aggregation.service_level_target", "WMPULSE_SERVICE_LEVEL_TARGET", {}, "DURATION",
       aggregation, "Genesys queue figures: answered this soon after queue entry is within the service level (1s-1h)",
       duration, false, {}, set_duration(&config::service_level_target_ms, 1000, 3'600'000),
       duration_of(&config::service_level_target_ms)},
      {"tick", "aggregation.tick", "WMPULSE_TICK", {}, "DURATION", aggregation,
       "how often the window moves when no event arrives (10ms-1m)", duration, false, {},
       set_duration(&config::tick_ms, 10, 60'000), duration_of(&config::tick_ms)},
      {"history", "aggregation.history", "WMPULSE_HISTORY", {}, "DURATION", aggregation,
       "per-second history kept for charts (1m-1d)", duration, false, {},
       [](config& c, const std::string& v) {
         core::millis ms = 0;
         auto e = duration_in(v, 60'000, 86'400'000, ms);
         if (e.empty()) c.history_seconds = ms / 1000;
         return e;
       },
       [](const config& c) { return duration_text(c.history_seconds * 1000); }},

      {"subscription-rate", "graphql.subscription_rate", "WMPULSE_SUBSCRIPTION_RATE", {}, "R", limits,
       "GraphQL subscription pushes per second at most", real, false, {},
       set_real(&config::subscription_max_rate, 0.01, 1000, "pushes per second"),
       real_of(&config::subscription_max_rate)},
      {"max-body", "graphql.max_body", "WMPULSE_MAX_BODY", {}, "BYTES", limits, "request body", integer, false, {},
       positive_size(&config::max_body_bytes, 1 << 30), size_of(&config::max_body_bytes)},
      {"graphql-max-query-bytes", "graphql.max_query_bytes", "WMPULSE_GRAPHQL_MAX_QUERY_BYTES", {}, "N", limits,
       "query text", integer, false, {}, positive_size(&config::graphql_max_query_bytes),
       size_of(&config::graphql_max_query_bytes)},
      {"graphql-max-tokens", "graphql.max_tokens", "WMPULSE_GRAPHQL_MAX_TOKENS", {}, "N", limits, "lexical tokens",
       integer, false, {}, positive_size(&config::graphql_max_tokens), size_of(&config::graphql_max_tokens)},
      {"graphql-max-depth", "graphql.max_depth", "WMPULSE_GRAPHQL_MAX_DEPTH", {}, "N", limits,
       "selection-set nesting, fragments expanded", integer, false, {}, positive_size(&config::graphql_max_depth),
       size_of(&config::graphql_max_depth)},
      {"graphql-max-fields", "graphql.max_fields", "WMPULSE_GRAPHQL_MAX_FIELDS", {}, "N", limits,
       "field selections, fragments expanded", integer, false, {}, positive_size(&config::graphql_max_fields),
       size_of(&config::graphql_max_fields)},
      {"graphql-max-aliases", "graphql.max_aliases", "WMPULSE_GRAPHQL_MAX_ALIASES", {}, "N", limits, "aliased fields",
       integer, false, {}, positive_size(&config::graphql_max_aliases), size_of(&config::graphql_max_aliases)},
      {"graphql-max-expanded-selections", "graphql.max_expanded_selections",
       "WMPULSE_GRAPHQL_MAX_EXPANDED_SELECTIONS", {}, "N", limits,
       "fields, fragment spreads and inline fragments, fragments expanded", integer, false, {},
       positive_size(&config::graphql_max_expanded_selections), size_of(&config::graphql_max_expanded_selections)},
      {"graphql-max-response-bytes", "graphql.max_response_bytes", "WMPULSE_GRAPHQL_MAX_RESPONSE_BYTES", {}, "N",
       limits, "response JSON, checked while it is built", integer, false, {},
       positive_size(&config::graphql_max_response_bytes), size_of(&config::graphql_max_response_bytes)},

      {"data-dir", "state.data_dir", "WMPULSE_DATA_DIR", {}, "DIR", state,
       "journal the events to DIR and replay them at start, so the figures, the open sessions and the history "
       "survive a restart",
       text, false, "none: everything in memory",
       [](config& c, const std::string& v) {
         if (v.empty()) return std::string("expects a directory");
         c.data_dir = v;
         return std::string();
       },
       text_of(&config::data_dir)},
      {"nats", "cluster.nats", "WMPULSE_NATS_URL", "WMPULSE_NATS", "URL[,URL...]", state,
       "run as a cluster node on these NATS JetStream servers (nats://host:4222, tls://...): one node holds the lease "
       "and runs the source, every node reads the shared stream",
       list, false, "none: no cluster", set_list(&config::nats_urls), list_of(&config::nats_urls)},
      {"nats-credentials-file", "cluster.credentials_file", "WMPULSE_NATS_CREDENTIALS_FILE", {}, "FILE", state,
       "NATS user credentials (.creds: JWT and NKey seed)", text, false, "none", set_text(&config::nats_credentials_file),
       text_of(&config::nats_credentials_file)},
      {"nats-ca-file", "cluster.ca_file", "WMPULSE_NATS_CA_FILE", {}, "FILE", state,
       "PEM CA bundle that signs the NATS servers' certificates (TLS; verification always on)", text, false, "none",
       set_text(&config::nats_ca_file), text_of(&config::nats_ca_file)},
      {"nats-stream", "cluster.stream", "WMPULSE_NATS_STREAM", {}, "NAME", state,
       "JetStream stream name (the lease bucket is NAME-lease); one per deployment", text, false, {},
       [](config& c, const std::string& v) {
         if (v.empty() || v.size() > 64 || v.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != std::string::npos)
           return std::string("expects 1 to 64 letters, digits, '_' or '-'");
         c.nats_stream = v;
         return std::string();
       },
       text_of(&config::nats_stream)},
      {"nats-replicas", "cluster.replicas", "WMPULSE_NATS_REPLICAS", {}, "N", state,
       "copies of the stream and the lease bucket in the NATS cluster (1-5)", integer, false, {},
       positive_size(&config::nats_replicas, 5), size_of(&config::nats_replicas)},
      {"node-name", "cluster.node_name", "WMPULSE_NODE_NAME", {}, "NAME", state,
       "this node's name in the lease (leaseHolder); unique per node", text, false, "<hostname>-<pid>",
       set_text(&config::node_name), text_of(&config::node_name)},
      {"lease-ttl", "cluster.lease_ttl", "WMPULSE_LEASE_TTL", {}, "DURATION", state,
       "the lease runs out this long after its holder's last renewal; another node then takes over (1s-1m)", duration,
       false, {}, set_duration(&config::lease_ttl_ms, 1000, 60'000), duration_of(&config::lease_ttl_ms)},

      {"log-level", "log.level", "WMPULSE_LOG_LEVEL", {}, "LEVEL", logging, "debug | info | warn | error | off", text,
       false, {},
       [](config& c, const std::string& v) {
         return core::parse_log_level(v, c.log_level) ? std::string() : "expects debug, info, warn, error or off";
       },
       [](const config& c) { return std::string(level_name(c.log_level)); }},
      {"log-format", "log.format", "WMPULSE_LOG_FORMAT", {}, "text|json", logging,
       "text lines, or JSON lines (time, level, component, message, fields)", text, false, {},
       [](config& c, const std::string& v) {
         return core::parse_log_format(v, c.log_format) ? std::string() : "expects text or json";
       },
       [](const config& c) { return std::string(format_name(c.log_format)); }},
  };
}

}  // namespace

const std::vector<option>& options() {
  static const std::vector<option> table = make_options();
  return table;
}

const option* option_by_flag(std::string_view flag) {
  for (const auto& o : options())
    if (!o.flag.empty() && o.flag == flag) return &o;
  return nullptr;
}

const option* option_by_file_key(std::string_view key) {
  for (const auto& o : options())
    if (o.file_key == key) return &o;
  return nullptr;
}

std::string default_text(const option& o) {
  if (!o.default_note.empty()) return std::string(o.default_note);
  return o.get(config{});
}

std::vector<std::string> env_names(const option& o) {
  std::vector<std::string> names{std::string(o.env)};
  for (auto& a : core::split_list(o.env_aliases)) names.push_back(std::move(a));
  return names;
}

}  // namespace wmpulse::app
