#pragma once
// What a source reports about itself, for GraphQL `status`, the dashboard and the logs.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/recorder_stats.hpp"
#include "events/decode_error.hpp"
#include "events/genesys_figures.hpp"

namespace wmpulse::events {

// A queue's display name, from the source's queue list (the Genesys routing queues).
struct queue_label {
  std::string id;
  std::string name;
  bool operator==(const queue_label&) const = default;
};

enum class connection_state : std::uint8_t { starting, connecting, connected, reconnecting, stopped, failed };
std::string_view to_string(connection_state s);

// The node's part in a cluster (docs/SCALING.md): alone, or the lease holder that runs the
// source, or a follower that only reads the shared stream.
enum class node_role : std::uint8_t { single, leader, follower };
std::string_view to_string(node_role r);

struct source_status {
  std::string source_kind;  // "tutorial", "genesys", "generator", "replay"
  // The figures are invented, not observed: the generator, or Genesys figures from a host that
  // is no Genesys Cloud region (the simulator). Shown plainly by GraphQL, /metrics, the dashboard.
  bool synthetic = false;
  connection_state state = connection_state::starting;
  std::optional<core::millis> last_frame_ms;   // wall time the last frame arrived
  std::optional<core::millis> connected_since_ms;
  std::uint64_t frames_received = 0;
  std::uint64_t events_ignored = 0;  // valid but out of scope (e.g. other messaging types)
  std::uint64_t reconnects = 0;
  std::uint64_t failed_attempts = 0;  // connection attempts that failed before the source was connected
  std::uint64_t unexpected_errors = 0;  // connections/tasks ended by an unexpected exception, then restarted
  std::string last_error;  // never holds a secret
  // The source has done what it must before its figures are complete: the Genesys connector's
  // start-up recovery, a cluster follower caught up. Sources with nothing to recover set it
  // when they start. Readiness (/readyz) needs it; the sink ANDs in its own "caught up" (the
  // journal's replay at start).
  bool initial_recovery_done = false;

  // Counted by the sink where events arrive (app::ingest), which fills these in; a source
  // leaves them alone.
  std::optional<core::millis> last_event_ms;  // event time of the newest event accepted
  std::uint64_t events_ingested = 0;
  std::array<std::uint64_t, decode_reason_count> rejected{};  // by decode_reason

  node_role role = node_role::single;
  std::string lease_holder;                 // the node that runs the source; empty: unknown or single
  std::optional<std::uint64_t> stream_lag;  // messages in the stream not yet applied (cluster only)

  std::optional<genesys_figures> genesys;  // the Genesys Cloud connector's own figures
  std::optional<core::recorder_stats> recorder;  // --record: what the recorder wrote and dropped
  // The names of the queues followed, sorted by id; refreshed with the queue list. Empty for
  // sources without queues.
  std::vector<queue_label> queue_labels;

  std::uint64_t rejected_total() const {
    std::uint64_t n = 0;
    for (auto r : rejected) n += r;
    return n;
  }
  // The name of queue `id`, or nullptr when the source does not know it.
  const std::string* queue_name(std::string_view id) const;
  // The Genesys figures, all zero for other sources.
  const genesys_figures& genesys_or_zero() const {
    static const genesys_figures zero;
    return genesys ? *genesys : zero;
  }
};

// Whether the service's figures can be trusted now, and if not, why (GET /readyz): the source
// is connected and its initial recovery is done. Reasons never hold a secret or an address.
struct readiness {
  bool ready = false;
  std::vector<std::string> reasons;
};
readiness readiness_of(const source_status& s);

}  // namespace wmpulse::events
