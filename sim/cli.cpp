#include "sim/cli.hpp"

#include <cstdlib>
#include <functional>
#include <map>

#include "core/duration.hpp"
#include "core/iso8601.hpp"

namespace wmpulse::sim {
namespace {

bool to_double(const std::string& s, double& out) {
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return !s.empty() && end && *end == '\0';
}

bool to_int(const std::string& s, long long& out, long long lo, long long hi) {
  char* end = nullptr;
  out = std::strtoll(s.c_str(), &end, 10);
  return !s.empty() && end && *end == '\0' && out >= lo && out <= hi;
}

using setter = std::function<bool(cli_config&, const std::string&)>;

setter port_into(std::optional<std::uint16_t> cli_config::*field) {
  return [field](cli_config& c, const std::string& v) {
    long long n = 0;
    if (!to_int(v, n, 0, 65535)) return false;
    c.*field = std::uint16_t(n);
    return true;
  };
}

template <class F>
setter number(F apply, double lo, double hi) {
  return [apply, lo, hi](cli_config& c, const std::string& v) {
    double d = 0;
    if (!to_double(v, d) || d < lo || d > hi) return false;
    apply(c, d);
    return true;
  };
}

const std::map<std::string, setter>& valued_options() {
  static const std::map<std::string, setter> options = {
      {"--port", number([](cli_config& c, double d) { c.port = std::uint16_t(d); }, 0, 65535)},
      {"--login-port", port_into(&cli_config::login_port)},
      {"--stream-port", port_into(&cli_config::stream_port)},
      {"--ca-out", [](cli_config& c, const std::string& v) { c.ca_out = v; return !v.empty(); }},
      {"--client-id", [](cli_config& c, const std::string& v) { c.sim.client_id = v; return !v.empty(); }},
      {"--client-secret", [](cli_config& c, const std::string& v) { c.sim.client_secret = v; return !v.empty(); }},
      {"--seed", [](cli_config& c, const std::string& v) {
         long long n = 0;
         if (!to_int(v, n, 0, std::numeric_limits<long long>::max())) return false;
         c.sim.workload.seed = std::uint64_t(n);
         return true;
       }},
      {"--queues", number([](cli_config& c, double d) { c.sim.workload.queues = int(d); }, 1, 5000)},
      {"--agents", number([](cli_config& c, double d) { c.sim.workload.agents_per_queue = int(d); }, 1, 1000)},
      {"--rate", number([](cli_config& c, double d) { c.sim.workload.web_per_minute = d; }, 0, 1e6)},
      {"--other-share", number([](cli_config& c, double d) { c.sim.workload.other_share = d; }, 0, 0.95)},
      {"--transfer-share", number([](cli_config& c, double d) { c.sim.workload.transfer_share = d; }, 0, 1)},
      {"--non-message-rate", number([](cli_config& c, double d) { c.sim.workload.non_message_rate = d; }, 0, 0.9)},
      {"--bot-share", number([](cli_config& c, double d) { c.sim.workload.bot_share = d; }, 0, 1)},
      {"--bot-only-share", number([](cli_config& c, double d) { c.sim.workload.bot_only_share = d; }, 0, 1)},
      {"--speed", number([](cli_config& c, double d) { c.sim.speed = d; }, 0.001, 1e6)},
      {"--duration", [](cli_config& c, const std::string& v) {
         const auto d = core::parse_duration_ms(v);
         if (d) c.sim.workload.duration_ms = *d;
         return d.has_value();
       }},
      {"--start", [](cli_config& c, const std::string& v) {
         const auto t = core::parse_iso8601_ms(v);
         if (t) c.sim.workload.start_ms = *t;
         return t.has_value();
       }},
      {"--token-lifetime", number([](cli_config& c, double d) { c.sim.token_lifetime_ms = millis(d * 1000); }, 1, 1e9)},
      {"--details-max-interval", [](cli_config& c, const std::string& v) {
         const auto d = core::parse_duration_ms(v);
         if (d && *d > 0) c.sim.details_max_interval_ms = *d;
         return d && *d > 0;
       }},
      {"--rate-limit", number([](cli_config& c, double d) { c.sim.requests_per_minute = int(d); }, 1, 1e9)},
      {"--heartbeat-ms", number([](cli_config& c, double d) { c.sim.heartbeat_ms = millis(d); }, 10, 1e9)},
      {"--closing-delay-ms", number([](cli_config& c, double d) { c.sim.closing_delay_ms = millis(d); }, 0, 1e9)},
      {"--attach-delay-ms", number([](cli_config& c, double d) { c.sim.attach_delay_ms = millis(d); }, 0, 60'000)},
      {"--channel-ttl", number([](cli_config& c, double d) { c.sim.channels.ttl_ms = millis(d * 1000); }, 0.1, 1e9)},
      {"--max-channels", number([](cli_config& c, double d) { c.sim.channels.max_per_client = std::size_t(d); }, 1, 1e6)},
      {"--max-topics", number([](cli_config& c, double d) { c.sim.channels.max_topics = std::size_t(d); }, 1, 1e6)},
      {"--duplicate-rate", number([](cli_config& c, double d) { c.sim.rates.duplicate = d; }, 0, 1)},
      {"--reorder-rate", number([](cli_config& c, double d) { c.sim.rates.reorder = d; }, 0, 1)},
      {"--reorder-horizon", number([](cli_config& c, double d) { c.sim.rates.reorder_horizon = int(d); }, 1, 1000)},
      {"--garbage-rate", number([](cli_config& c, double d) { c.sim.rates.garbage = d; }, 0, 1)},
      {"--slow-ms", number([](cli_config& c, double d) { c.sim.rates.slow_ms = unsigned(d); }, 0, 600000)},
      {"--log-level", [](cli_config& c, const std::string& v) { c.log_level = v; return true; }},
  };
  return options;
}

}  // namespace

bool parse_cli(const std::vector<std::string>& args, cli_config& out, std::string& error) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "--help" || a == "-h") out.help = true;
    else if (a == "--tls") out.tls = true;
    else if (a == "--no-auth-stream") out.sim.tutorial_no_auth = true;
    else if (a == "--paused") out.sim.paused = true;
    else if (a == "--fault") {
      if (i + 1 >= args.size()) return error = "--fault needs a value", false;
      auto f = parse_fault_spec(args[++i], error);
      if (!f) return false;
      out.sim.faults.push_back(std::move(*f));
    } else if (const auto it = valued_options().find(a); it != valued_options().end()) {
      if (i + 1 >= args.size()) return error = a + " needs a value", false;
      if (!it->second(out, args[++i])) return error = "bad value for " + a + ": " + args[i], false;
    } else {
      return error = "unknown option: " + a + " (see --help)", false;
    }
  }
  if (!out.ca_out.empty() && !out.tls) return error = "--ca-out needs --tls", false;
  return true;
}

std::string help_text() {
  return R"(wmpulse-sim: a Genesys Cloud simulator (login, REST API, notification streaming,
tutorial event stream) with a seeded web messaging workload and exact expected metrics.

Usage: wmpulse-sim [options]

Transport (always 127.0.0.1):
  --port P              port for every role (default 4100; 0 = ephemeral). The first line on
                        stdout is "wmpulse-sim listening on http(s)://127.0.0.1:PORT".
  --login-port P        serve POST /oauth/token on its own port instead (0 = ephemeral)
  --stream-port P       serve the WebSockets (channels, tutorial stream) on their own port
  --tls                 HTTPS/WSS with a test CA generated at start (EC P-256; leaf for
                        DNS:localhost and IP:127.0.0.1)
  --ca-out FILE         write the test CA certificate (PEM) to FILE (needs --tls)

Credentials and API limits:
  --client-id ID        OAuth client id (default wmpulse-sim-client)
  --client-secret S     OAuth client secret (default wmpulse-sim-secret)
  --token-lifetime S    access token lifetime, seconds (default 86400). A channel delivers
                        nothing once the token that created it expired or was revoked
  --rate-limit N        requests per minute per token before 429 (default 300)
  --no-auth-stream      accept the tutorial stream without a token
  --details-max-interval D  the details query refuses (400) an interval longer than D, e.g. 1h
                        (default: any length)

Workload (seeded, reproducible):
  --seed N              random seed (default 1)
  --queues N            queues (default 3)
  --agents N            agents per queue (default 5)
  --rate N              web messaging conversations started per simulated minute (default 30)
  --other-share F       share of all conversations that are sms/open/whatsapp (default 0.2)
  --transfer-share F    share of answered conversations transferred to another queue (default 0.15)
  --non-message-rate F  share of messages[] entries that are read receipts or Typing/Presence
                        events (messageMetadata.type Receipt/Event); never counted (default 0)
  --bot-share F         share of web conversations that meet a flow and its bot before any
                        queue (participants purpose workflow and botflow; default 0)
  --bot-only-share F    of those, the share the bot resolves alone: never routed to a queue, so
                        never on a queue topic and not counted (default 0)
  --speed X             simulated seconds per wall second (default 1)
  --duration D          simulated length, e.g. 250ms, 90s, 10m, 2h (default: no end); after it nothing
                        more is published but the simulator keeps serving
  --start ISO           simulated start time (default: now)
  --paused              hold the simulated clock at the start until POST /sim/resume (lets a
                        test client subscribe before the first event)

Streaming:
  --heartbeat-ms N      channel.metadata heartbeat interval, wall time (default 30000)
  --closing-delay-ms N  socket_closing -> close delay, wall time (default 60000)
  --attach-delay-ms N   a new socket gets its channel's events N ms after the upgrade (default 0)
  --channel-ttl S       channel lifetime, seconds (fractions allowed, at least 0.1), extended by
                        each subscription change (default 86400)
  --max-channels N      channels per OAuth client before the oldest is evicted (default 20)
  --max-topics N        topics per channel (default 1000)

Faults (reproducible by seed):
  --duplicate-rate F    share of snapshots delivered twice
  --reorder-rate F      share of snapshots held back behind up to --reorder-horizon N (default 5) later ones
  --garbage-rate F      share of snapshots preceded by a garbage frame
  --slow-ms N           delay every API answer by N ms
  --fault TYPE@SEC[,k=v...]  one-shot fault SEC simulated seconds after the start; TYPE is
                        drop, socket_closing, revoke_tokens, burst_429, slow, garbage, evict,
                        refuse_upgrades,
                        gap, duplicate, reorder, hold_details or release_details
                        (parameters: docs/SIMULATOR.md). Also at
                        run time: POST /sim/fault?type=TYPE&k=v

Endpoints: POST /oauth/token; GET /api/v2/routing/queues; /api/v2/notifications/channels…;
  POST /api/v2/analytics/conversations/details/query; GET /api/v2/analytics/conversations/details?id=…;
  GET|DELETE /api/v2/tokens/me;
  WS /channels/{id}; WS /api/v2/analytics/events/stream (tutorial protocol);
  GET /sim/expected[?at=MS&window=S&queueId=ID]; GET /sim/status; POST /sim/fault;
  POST /sim/resume.

Other:
  --log-level L         debug|info|warn|error|off (default info)
  --help                this text
)";
}

}  // namespace wmpulse::sim
