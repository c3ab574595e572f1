#pragma once
// The connector's configuration, read from the environment (as Genesys' own tutorials name
// the variables) plus command-line overrides. Errors are fatal configuration errors with a
// message fit to print; none of them ever contains the client secret.
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/frame_recorder.hpp"
#include "core/result.hpp"
#include "net/proxy.hpp"

namespace wmpulse::genesys {

struct config {
  std::string region_domain;  // e.g. "mypurecloud.ie"; empty when both bases are overridden
  std::string region_warning;  // set when region_domain is not in the known table (logged at start)
  std::string login_base;     // "https://login.<domain>" or the override
  std::string api_base;       // "https://api.<domain>" or the override
  std::string client_id;
  std::string client_secret;  // never logged, never in an error or a URL
  std::string ca_file;        // empty: the system trust store
  // http:// bases and ws:// channel URIs are refused unless this is set (tests against a plain
  // simulator only: --genesys-allow-insecure-upstreams).
  bool allow_insecure_upstreams = false;
  // HTTPS_PROXY / NO_PROXY: every request and channel goes through this proxy's CONNECT tunnel.
  std::optional<net::proxy_settings> proxy;

  std::vector<std::string> queue_ids;              // ids or names; empty: every queue, rediscovered periodically
  core::millis queue_rediscovery_ms = 5 * 60'000;  // queue list refresh: names, and new queues when queue_ids is empty
  int counting_utc_offset_minutes = 0;             // totalConnections counts from local midnight here

  // Notifications.
  std::size_t topics_per_channel = 1000;      // Genesys' limit per channel/socket
  core::millis heartbeat_timeout_ms = 65'000;  // ~2 heartbeats (30 s each) of silence → reconnect
  core::millis ping_interval_ms = 20'000;      // application ping when the socket is otherwise quiet
  core::millis reconnect_base_ms = 500;        // exponential backoff with full jitter
  core::millis reconnect_cap_ms = 30'000;

  // REST.
  int api_requests_per_minute = 240;       // below Genesys' 300/min per token
  core::millis token_refresh_margin_ms = 5 * 60'000;  // at most; never more than a tenth of the lifetime
  core::millis request_timeout_ms = 30'000;

  std::shared_ptr<core::frame_recorder> recorder;  // --record: every notification frame as received

  // Snapshot differ.
  core::millis end_grace_ms = 10 * 60'000;        // full state kept this long after a conversation ends
  core::millis tombstone_ms = 26 * 3'600'000LL;   // ended ids remembered this long (no recount)
  int backfill_page_size = 100;
  core::millis backfill_overlap_ms = 60'000;      // gap backfills start this much before the gap
  core::millis details_min_interval_ms = 60'000;  // a refused query is split in halves down to this
  // Events can be lost while a socket stays up (no durability, facts §4.3): reconcile with the
  // details query this often even without a known gap. 0 = only after known gaps.
  core::millis reconcile_interval_ms = 5 * 60'000;
  core::millis backfill_lookback_ms = 24 * 3'600'000LL;  // start-up: conversations still open that
                                                        // started this long before the counting start
  core::millis backfill_future_slack_ms = 5 * 60'000;  // query end = max(now, newest event) + this
  core::millis startup_backfill_wait_ms = 3'000;  // wait this long for a first live event (its time
                                                  // bounds the start-up backfill) once subscribed
  // Set when this connector takes over from an earlier one: a cluster node gaining the lease,
  // or a node restarting from its journal. Returns the newest event time the earlier one
  // published (nullopt: none). The time since then is a gap like a lost socket's, so the
  // start-up recovery also fetches the messages of the conversations open across it
  // (docs/GENESYS.md "Messages after a gap"). Asked when the start-up recovery runs, on the
  // ingest thread: a journal is replayed by then. Unset: an ordinary start.
  std::function<std::optional<core::millis>()> takeover_gap_start;
};

struct config_error {
  std::string message;
};

// Command-line values; each one given overrides the environment.
struct config_overrides {
  std::optional<std::string> region;
  std::optional<std::string> login_base;
  std::optional<std::string> api_base;
  std::optional<std::string> ca_file;
  std::optional<std::vector<std::string>> queue_ids;
  std::optional<std::string> counting_utc_offset;  // "UTC", "+02:00", "-0530", "+01"
  std::optional<core::millis> queue_refresh_ms;
  std::optional<core::millis> backfill_lookback_ms;
  std::optional<core::millis> reconcile_interval_ms;
  bool allow_insecure_upstreams = false;
};

using env_lookup = std::function<std::optional<std::string>(std::string_view name)>;

// std::getenv.
env_lookup process_env();

// Reads GENESYS_CLOUD_REGION (alias GENESYS_ENV), GENESYS_CLOUD_CLIENT_ID (alias
// GENESYS_CLIENT_ID), GENESYS_CLOUD_CLIENT_SECRET (alias GENESYS_CLIENT_SECRET) or
// GENESYS_CLOUD_CLIENT_SECRET_FILE, and optionally GENESYS_CLOUD_QUEUE_IDS (comma-separated)
// and GENESYS_CLOUD_COUNTING_UTC_OFFSET.
core::result<config, config_error> config_from_env(const env_lookup& env, const config_overrides& overrides = {});

// The service's raw --flags for this source (names without "--": region, login-base, api-base,
// queues, queue-refresh, counting-utc-offset, backfill-lookback, reconcile-interval,
// genesys-allow-insecure-upstreams) plus its --ca-file, over the environment. Unknown names,
// malformed values and durations outside their range (the error names it) are errors.
core::result<config, config_error> config_from_flags(const std::map<std::string, std::string>& flags,
                                                     const std::string& ca_file, const env_lookup& env);

}  // namespace wmpulse::genesys
