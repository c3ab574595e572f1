#include "app/config.hpp"

#include <charconv>
#include <cmath>
#include <functional>

#include "core/duration.hpp"
#include "core/text.hpp"

namespace wmpulse::app {
namespace {

// Genesys connector flags accepted here and passed through (validated by the connector).
const char* const genesys_flag_names[] = {"region", "login-base", "api-base", "queues", "queue-refresh",
                                          "counting-utc-offset", "backfill-lookback", "reconcile-interval",
                                          "genesys-allow-insecure-upstreams"};
// Options that take no value ("--name" means true; "--name=false" is accepted too).
const char* const switch_names[] = {"genesys-allow-insecure-upstreams"};

bool is_switch(const std::string& name) {
  for (const char* s : switch_names)
    if (name == s) return true;
  return false;
}

template <class T>
bool parse_number(const std::string& text, T& out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && p == text.data() + text.size();
}

bool parse_source(const std::string& v, source_kind& out) {
  if (v == "genesys") out = source_kind::genesys;
  else if (v == "tutorial") out = source_kind::tutorial;
  else if (v == "generator") out = source_kind::generator;
  else if (v == "replay") out = source_kind::replay;
  else if (v == "none") out = source_kind::none;
  else return false;
  return true;
}

using setter = std::function<std::string(config&, const std::string&)>;  // "" = ok, else the problem

// "250 ms", "90 s", "5 min", "4 h", "7 d": the largest unit that divides it.
std::string describe_ms(core::millis ms) {
  const std::pair<core::millis, const char*> units[] = {{86'400'000, " d"}, {3'600'000, " h"}, {60'000, " min"}, {1000, " s"}};
  for (const auto& [size, name] : units)
    if (ms >= size && ms % size == 0) return std::to_string(ms / size) + name;
  return std::to_string(ms) + " ms";
}

// Absurd values (a week-long tick, a 1e-300 rate, NaN) are refused here with the range, rather
// than reaching arithmetic that would overflow or a loop that would spin.
std::string need_duration(const std::string& v, core::millis& out, core::millis min_ms, core::millis max_ms) {
  auto d = core::parse_duration_ms(v);
  if (!d || *d < min_ms || *d > max_ms)
    return "expects a duration such as 60s, 5m or 250ms, from " + describe_ms(min_ms) + " to " + describe_ms(max_ms);
  out = *d;
  return {};
}

std::string need_real(const std::string& v, double& out, double min, double max, const std::string& what) {
  double x = 0;
  if (!parse_number(v, x) || !std::isfinite(x) || x < min || x > max) {
    auto text = [](double d) { std::string t = std::to_string(d); t.erase(t.find_last_not_of('0') + 1); if (t.back() == '.') t.pop_back(); return t; };
    return "expects " + what + " from " + text(min) + " to " + text(max);
  }
  out = x;
  return {};
}

setter positive_size(std::size_t config::*field, std::size_t max = 1'000'000'000) {
  return [field, max](config& c, const std::string& v) {
    std::size_t n = 0;
    if (!parse_number(v, n) || n == 0 || n > max) return "expects a whole number from 1 to " + std::to_string(max);
    c.*field = n;
    return std::string();
  };
}

const std::map<std::string, setter>& setters() {
  static const std::map<std::string, setter> table = {
      {"port", [](config& c, const std::string& v) {
         unsigned p = 0;
         if (!parse_number(v, p) || p > 65535) return std::string("expects a port number 0-65535");
         c.port = static_cast<std::uint16_t>(p);
         return std::string();
       }},
      {"bind", [](config& c, const std::string& v) { c.bind_address = v; return std::string(); }},
      {"http-threads", [](config& c, const std::string& v) {
         if (!parse_number(v, c.http_threads) || c.http_threads < 1 || c.http_threads > 64)
           return std::string("expects 1-64");
         return std::string();
       }},
      {"web-root", [](config& c, const std::string& v) { c.web_root = v; return std::string(); }},
      {"allowed-origins", [](config& c, const std::string& v) { c.allowed_origins = core::split_list(v); return std::string(); }},
      {"allowed-hosts", [](config& c, const std::string& v) { c.allowed_hosts = core::split_list(v); return std::string(); }},
      {"max-connections", positive_size(&config::max_connections)},
      {"max-connections-per-client", positive_size(&config::max_connections_per_client)},
      {"ws-max-distinct-subscriptions", positive_size(&config::ws_max_distinct_subscriptions)},
      {"max-subscription-keys", positive_size(&config::max_subscription_keys)},
      {"source", [](config& c, const std::string& v) {
         return parse_source(v, c.source) ? std::string() : "expects genesys, tutorial, generator, replay or none";
       }},
      {"events-url", [](config& c, const std::string& v) { c.events_url = v; return std::string(); }},
      {"events-idle-timeout", [](config& c, const std::string& v) {
         return need_duration(v, c.events_idle_timeout_ms, 1000, 3'600'000);
       }},
      {"ca-file", [](config& c, const std::string& v) { c.ca_file = v; return std::string(); }},
      {"replay-file", [](config& c, const std::string& v) { c.replay_file = v; return std::string(); }},
      {"seed", [](config& c, const std::string& v) {
         return parse_number(v, c.seed) ? std::string() : "expects a whole number";
       }},
      {"generator-rate", [](config& c, const std::string& v) {
         return need_real(v, c.generator_rate, 0.01, 1'000'000, "sessions per minute");
       }},
      {"window", [](config& c, const std::string& v) { return need_duration(v, c.window_ms, 1000, 3'600'000); }},
      {"clock", [](config& c, const std::string& v) {
         if (v == "wall") c.clock = clock_mode::wall;
         else if (v == "event") c.clock = clock_mode::event;
         else return std::string("expects wall or event");
         return std::string();
       }},
      {"idle-timeout", [](config& c, const std::string& v) {
         return need_duration(v, c.idle_timeout_ms, 1000, 7 * 86'400'000LL);
       }},
      {"max-sessions", [](config& c, const std::string& v) {
         return parse_number(v, c.max_sessions) && c.max_sessions > 0 && c.max_sessions <= 100'000'000
                    ? std::string()
                    : "expects a whole number from 1 to 100000000";
       }},
      {"short-abandon", [](config& c, const std::string& v) { return need_duration(v, c.short_abandon_ms, 0, 3'600'000); }},
      {"service-level-target", [](config& c, const std::string& v) {
         return need_duration(v, c.service_level_target_ms, 1000, 3'600'000);
       }},
      {"tick", [](config& c, const std::string& v) { return need_duration(v, c.tick_ms, 10, 60'000); }},
      {"history", [](config& c, const std::string& v) {
         core::millis ms = 0;
         auto e = need_duration(v, ms, 60'000, 86'400'000);
         c.history_seconds = ms / 1000;
         return e;
       }},
      {"subscription-rate", [](config& c, const std::string& v) {
         return need_real(v, c.subscription_max_rate, 0.01, 1000, "pushes per second");
       }},
      {"max-body", positive_size(&config::max_body_bytes, 1 << 30)},
      {"graphql-max-query-bytes", positive_size(&config::graphql_max_query_bytes)},
      {"graphql-max-tokens", positive_size(&config::graphql_max_tokens)},
      {"graphql-max-depth", positive_size(&config::graphql_max_depth)},
      {"graphql-max-fields", positive_size(&config::graphql_max_fields)},
      {"graphql-max-aliases", positive_size(&config::graphql_max_aliases)},
      {"graphql-max-expanded-selections", positive_size(&config::graphql_max_expanded_selections)},
      {"graphql-max-response-bytes", positive_size(&config::graphql_max_response_bytes)},
      // Durable state and the cluster (docs/SCALING.md).
      {"data-dir", [](config& c, const std::string& v) {
         if (v.empty()) return std::string("expects a directory");
         c.data_dir = v;
         return std::string();
       }},
      {"log-level", [](config& c, const std::string& v) {
         return core::parse_log_level(v, c.log_level) ? std::string() : "expects debug, info, warn, error or off";
       }},
  };
  return table;
}

bool is_genesys_flag(const std::string& name) {
  for (const char* g : genesys_flag_names)
    if (name == g) return true;
  return false;
}

std::string check_consistency(const config& c) {
  if (c.source == source_kind::tutorial && c.events_url.empty())
    return "--source tutorial needs --events-url ws://… or wss://…";
  if (c.source == source_kind::replay && c.replay_file.empty()) return "--source replay needs --replay-file FILE";
  return {};
}

}  // namespace

std::string_view to_string(source_kind k) {
  switch (k) {
    case source_kind::genesys: return "genesys";
    case source_kind::tutorial: return "tutorial";
    case source_kind::generator: return "generator";
    case source_kind::replay: return "replay";
    case source_kind::none: return "none";
  }
  return "unknown";
}

parse_outcome parse_config(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  parse_outcome out;
  config c;
  auto env_value = [&](const char* name) -> const std::string* {
    auto it = env.find(name);
    return it == env.end() || it->second.empty() ? nullptr : &it->second;
  };
  if (auto* p = env_value("PORT")) {
    if (auto e = setters().at("port")(c, *p); !e.empty()) return {std::nullopt, "PORT " + e};
  }
  if (auto* t = env_value("WMPULSE_EVENTS_TOKEN")) c.events_token = *t;
  if (auto* o = env_value("WMPULSE_ALLOWED_ORIGINS")) c.allowed_origins = core::split_list(*o);
  if (auto* d = env_value("WMPULSE_DATA_DIR")) c.data_dir = *d;
  if (auto* l = env_value("WMPULSE_LOG_LEVEL")) {
    if (auto e = setters().at("log-level")(c, *l); !e.empty()) return {std::nullopt, "WMPULSE_LOG_LEVEL " + e};
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") return {std::nullopt, usage(), true};
    if (arg.rfind("--", 0) != 0) return {std::nullopt, "unexpected argument '" + arg + "' (see --help)"};
    std::string name = arg.substr(2), value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    } else if (is_switch(name)) {
      value = "true";
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return {std::nullopt, "--" + name + " needs a value"};
    }
    if (is_genesys_flag(name)) {
      c.genesys_flags[name] = value;
      continue;
    }
    auto it = setters().find(name);
    if (it == setters().end()) return {std::nullopt, "unknown option --" + name + " (see --help)"};
    if (auto e = it->second(c, value); !e.empty()) return {std::nullopt, "--" + name + " " + e};
  }
  if (auto e = check_consistency(c); !e.empty()) return {std::nullopt, e};
  out.cfg = std::move(c);
  return out;
}

std::string usage() {
  return R"(wmpulse — real-time analytics for Genesys Cloud Web Messaging

Usage: wmpulse [options]

Serving
  --port N              HTTP port (env PORT; default 4000). GraphQL at /graphql, dashboard at /,
                        Prometheus metrics at /metrics
  --bind ADDR           address to listen on (default 0.0.0.0; use 127.0.0.1 for local only)
  --http-threads N      HTTP worker threads (default 1)
  --web-root DIR        dashboard and GraphiQL assets (default: web/ beside the binary, build/web)
  --allowed-origins LIST  origins (https://host[:port], comma list; env WMPULSE_ALLOWED_ORIGINS)
                        allowed besides this server's own for WebSocket upgrades and GraphQL GETs;
                        other Origins get 403 (requests without Origin pass)
  --allowed-hosts LIST  host names this server answers to (comma list); other Hosts get 403
                        (DNS rebinding). Default: any
  --max-connections N   open connections in total (default 20000); more are closed at accept
  --max-connections-per-client N
                        open connections per client IP address (default 512)
  --ws-max-distinct-subscriptions N
                        distinct subscriptions per WebSocket (default 16); more get an error
  --max-subscription-keys N
                        distinct subscriptions in total (default 10000); more get an error

Source of events
  --source KIND         genesys | tutorial | generator | replay | none (default generator)
  --events-url URL      tutorial source: ws:// or wss:// URL of the event stream
                        (a bearer token, if needed, goes in env WMPULSE_EVENTS_TOKEN)
  --events-idle-timeout DURATION  tutorial source: reconnect after this long with no frame and
                        no pong to our pings (default 30s; 1s-1h)
  --ca-file FILE        extra CA certificate to trust for TLS (tests); TLS is always verified
  --replay-file FILE    replay source: tutorial-protocol frames, one JSON object per line
  --seed N              generator seed (default 1)
  --generator-rate R    generator sessions per minute (default 120)
  Genesys Cloud (--source genesys): --region NAME|DOMAIN, --login-base URL, --api-base URL,
    --queues ID,ID,… (default: every queue), --queue-refresh DURATION,
    --counting-utc-offset ±HH:MM, --backfill-lookback DURATION, --reconcile-interval DURATION
    (how often the details query re-checks for events lost while the socket stayed up; 5m),
    --genesys-allow-insecure-upstreams (accept http:// bases and ws:// channels: tests only); credentials from
    GENESYS_CLOUD_CLIENT_ID and GENESYS_CLOUD_CLIENT_SECRET (or _SECRET_FILE), region from
    GENESYS_CLOUD_REGION (tutorial aliases GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET, GENESYS_ENV)

Aggregation (docs/METRICS.md)
  --window DURATION     sliding window length (default 60s)
  --clock wall|event    the window ends at the wall clock, or at the newest event time
                        (default wall; event for replay)
  --idle-timeout DUR    close sessions silent this long (default 4h)
  --max-sessions N      cap on tracked sessions (default 1000000)
  --short-abandon DUR   Genesys queue figures: an abandon this soon after queue entry is
                        short (default 10s; 0s counts none)
  --service-level-target DUR  Genesys queue figures: answered this soon after queue entry
                        is within the service level (default 20s)
  --tick DURATION       how often the window moves when no event arrives (default 100ms)
  --history DURATION    per-second history kept for charts (default 1h)
  --subscription-rate R GraphQL subscription pushes per second at most (default 10)

GraphQL limits (requests over a limit get an error that names it)
  --max-body BYTES                 request body (default 1048576)
  --graphql-max-query-bytes N      query text (default 100000)
  --graphql-max-tokens N           lexical tokens (default 10000)
  --graphql-max-depth N            selection-set nesting, fragments expanded (default 32)
  --graphql-max-fields N           field selections, fragments expanded (default 2000)
  --graphql-max-aliases N          aliased fields (default 1000)
  --graphql-max-expanded-selections N  fields, fragment spreads and inline fragments, fragments
                                   expanded (default 5000)
  --graphql-max-response-bytes N   response JSON, checked while it is built (default 8388608)

Durable state (docs/SCALING.md)
  --data-dir DIR        journal the events to DIR and replay them at start, so the figures,
                        the open sessions and the history survive a restart (env
                        WMPULSE_DATA_DIR; default: none, everything in memory)

  --log-level LEVEL     debug | info | warn | error | off (env WMPULSE_LOG_LEVEL; default info)
  --help                this text
)";
}

}  // namespace wmpulse::app
