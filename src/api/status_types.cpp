#include <cctype>

#include "api/types.hpp"
#include "core/iso8601.hpp"

namespace wmpulse::api::detail {
namespace {

using boost::json::value;
using graphql::field_context;
using graphql::resolved;
using field_spec = graphql::schema_builder::field_spec;

const events::source_status& status(const field_context& c) { return *std::any_cast<const events::source_status*>(c.parent); }
const events::genesys_figures& genesys(const field_context& c) { return status(c).genesys_or_zero(); }
resolved time_or_null(const std::optional<core::millis>& t) {
  return t ? resolved::of(value(core::format_iso8601_ms(*t))) : resolved::null();
}
resolved count(std::uint64_t n) { return resolved::of(value(static_cast<double>(n))); }
std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

using reason_count = std::pair<std::string, std::uint64_t>;

std::vector<field_spec> status_fields() {
  return {
      {"source", "String!", "The kind of event source: \"tutorial\", \"genesys\", \"generator\" or \"replay\"; \"none\" before any source reported.",
       [](const field_context& c) { return resolved::of(value(status(c).source_kind.empty() ? "none" : status(c).source_kind)); }},
      {"synthetic", "Boolean!",
       "True when the figures are invented, not observed: the generator, or a Genesys API that is no Genesys Cloud region (the simulator).",
       [](const field_context& c) { return resolved::of(value(status(c).synthetic)); }},
      {"state", "ConnectionState!", "The state of the source's connection.",
       [](const field_context& c) { return resolved::of(value(upper(events::to_string(status(c).state)))); }},
      {"lastEventAt", "String", "Event time of the newest event accepted, ISO-8601 UTC; null before the first.",
       [](const field_context& c) { return time_or_null(status(c).last_event_ms); }},
      {"lastFrameAt", "String", "Wall time the last frame arrived, ISO-8601 UTC; null before the first.",
       [](const field_context& c) { return time_or_null(status(c).last_frame_ms); }},
      {"connectedSince", "String", "When the current connection was established, ISO-8601 UTC; null while not connected.",
       [](const field_context& c) { return time_or_null(status(c).connected_since_ms); }},
      {"framesReceived", "Float!", "Frames received from the source (a whole number; Float because it may pass 2^31).",
       [](const field_context& c) { return count(status(c).frames_received); }},
      {"eventsIngested", "Float!", "Events decoded and applied to the metrics (a whole number).",
       [](const field_context& c) { return count(status(c).events_ingested); }},
      {"eventsRejected", "Float!", "Frames rejected as malformed, too large, of an unknown type or with a bad timestamp (a whole number).",
       [](const field_context& c) { return count(status(c).rejected_total()); }},
      {"rejectedByReason", "[RejectionCount!]!", "Rejected frames by reason, every reason listed (zero included).",
       [](const field_context& c) {
         std::vector<resolved> out;
         for (std::size_t i = 0; i < events::decode_reason_count; ++i) {
           auto reason = static_cast<events::decode_reason>(i);
           out.push_back(resolved::obj(std::pair<std::string, std::uint64_t>(upper(events::to_string(reason)), status(c).rejected[i])));
         }
         return resolved::list(std::move(out));
       }},
      {"eventsIgnored", "Float!", "Valid events outside wmpulse's scope (e.g. other messaging types), a whole number.",
       [](const field_context& c) { return count(status(c).events_ignored); }},
      {"reconnects", "Float!", "Times the source reconnected after a failure (a whole number).",
       [](const field_context& c) { return count(status(c).reconnects); }},
      {"failedAttempts", "Float!", "Connection attempts that failed (refused, timed out, handshake refused) since the service started (a whole number).",
       [](const field_context& c) { return count(status(c).failed_attempts); }},
      {"lastError", "String", "The last connection error, if any (never holds a secret).",
       [](const field_context& c) { return status(c).last_error.empty() ? resolved::null() : resolved::of(value(status(c).last_error)); }},
      {"lagMs", "Float", "Wall time minus event time of the newest event (Genesys Cloud source only); null when unknown.",
       [](const field_context& c) { return genesys(c).lag_ms ? resolved::of(value(static_cast<double>(*genesys(c).lag_ms))) : resolved::null(); }},
      {"channels", "Int!", "Notification channels in use (Genesys Cloud source only; 0 otherwise).",
       [](const field_context& c) { return resolved::of(value(static_cast<std::int64_t>(genesys(c).channels))); }},
      {"topics", "Int!", "Topics subscribed over all channels (Genesys Cloud source only; 0 otherwise).",
       [](const field_context& c) { return resolved::of(value(static_cast<std::int64_t>(genesys(c).topics))); }},
      {"rejectedTopics", "Int!", "Topics Genesys Cloud refused to subscribe (missing permissions, unknown queue).",
       [](const field_context& c) { return resolved::of(value(static_cast<std::int64_t>(genesys(c).rejected_topics))); }},
      {"backfills", "Float!", "Gap recoveries run through the analytics details query (a whole number; Genesys Cloud only).",
       [](const field_context& c) { return count(genesys(c).backfills); }},
      {"backfillConversations", "Float!", "Conversations read by those recoveries (a whole number).",
       [](const field_context& c) { return count(genesys(c).backfill_conversations); }},
      {"backfillLookups", "Float!", "Conversations still open from before a gap that recoveries checked by id (a whole number).",
       [](const field_context& c) { return count(genesys(c).backfill_lookups); }},
      {"refusedQueries", "Float!", "Details requests the API refused (HTTP 4xx), then split or given up (a whole number).",
       [](const field_context& c) { return count(genesys(c).refused_queries); }},
      {"intervalsGivenUp", "Float!", "Query intervals and id lookups given up after refusals (a whole number).",
       [](const field_context& c) { return count(genesys(c).intervals_given_up); }},
      {"lastGivenUp", "String", "The latest interval or lookup given up and the API's reason; null when none.",
       [](const field_context& c) {
         return genesys(c).last_given_up.empty() ? resolved::null() : resolved::of(value(genesys(c).last_given_up));
       }},
      {"messagesUnknownInGaps", "Float!", "Messages known to have been sent inside stream gaps that could not be counted (docs/GENESYS.md).",
       [](const field_context& c) { return count(genesys(c).messages_unknown_in_gaps); }},
      {"skippedEntries", "[SkippedEntryCount!]!",
       "Unreadable parts of conversation snapshots skipped while the rest was kept, by reason, every reason listed (Genesys Cloud only; empty otherwise).",
       [](const field_context& c) {
         std::vector<resolved> out;
         for (const auto& entry : genesys(c).skipped_entries) out.push_back(resolved::obj(reason_count(upper(entry.first), entry.second)));
         return resolved::list(std::move(out));
       }},
      {"nonMessageEntries", "Float!", "messages[] entries that are receipts or events (Typing, Presence…), never counted as messages (docs/METRICS.md).",
       [](const field_context& c) { return count(genesys(c).non_message_entries); }},
      {"directionDisagreements", "Float!", "Messages whose messageStatus named the other direction than their participant's purpose (the status was used).",
       [](const field_context& c) { return count(genesys(c).direction_disagreements); }},
      {"channelRenewals", "Float!", "Notification channels extended before their expiry by resubscribing their topics (a whole number).",
       [](const field_context& c) { return count(genesys(c).channel_renewals); }},
      {"tokenRefreshes", "Float!", "Access tokens obtained after the first one (a whole number).",
       [](const field_context& c) { return count(genesys(c).token_refreshes); }},
      {"gapMessageFetchesPending", "Float!", "Conversations open across a socket gap whose messages are still to be fetched (a whole number; docs/GENESYS.md).",
       [](const field_context& c) { return count(genesys(c).gap_fetches_pending); }},
      {"gapMessageFetches", "Float!", "Conversations whose messages were fetched after a socket gap (a whole number).",
       [](const field_context& c) { return count(genesys(c).gap_fetches); }},
      {"gapMessagesRecovered", "Float!", "Messages those fetches brought back that no snapshot had carried (a whole number).",
       [](const field_context& c) { return count(genesys(c).gap_messages_recovered); }},
      {"channelTokenMoves", "Float!", "Channels replaced by a new channel created with a refreshed token (a whole number).",
       [](const field_context& c) { return count(genesys(c).channel_token_moves); }},
      {"role", "Role!", "This node's part: SINGLE (no cluster), LEADER (holds the lease, runs the source) or FOLLOWER (reads the stream).",
       [](const field_context& c) { return resolved::of(value(upper(events::to_string(status(c).role)))); }},
      {"leaseHolder", "String", "The cluster node that holds the lease and runs the source; null without a cluster or while nobody holds it.",
       [](const field_context& c) { return status(c).lease_holder.empty() ? resolved::null() : resolved::of(value(status(c).lease_holder)); }},
      {"streamLag", "Int", "Stream messages not yet applied by this node (cluster only; null otherwise or before the first message).",
       [](const field_context& c) {
         const auto& lag = status(c).stream_lag;
         return lag ? resolved::of(value(static_cast<std::int64_t>(std::min<std::uint64_t>(*lag, 2'147'483'647)))) : resolved::null();
       }},
      {"channelsLostOnUpgrade", "Float!", "Channels given up after repeated WebSocket upgrade failures, then recreated (a whole number).",
       [](const field_context& c) { return count(genesys(c).channels_lost_on_upgrade); }},
      {"recorder", "RecorderStatus", "What --record wrote and dropped; null when not recording (docs/RECORD-REPLAY.md).",
       [](const field_context& c) {
         const auto& r = status(c).recorder;
         return r ? resolved::obj(&*r) : resolved::null();
       }},
  };
}

const core::recorder_stats& recorder(const field_context& c) { return *std::any_cast<const core::recorder_stats*>(c.parent); }

std::vector<field_spec> recorder_fields() {
  return {
      {"framesWritten", "Float!", "Frames written to the recording (a whole number).",
       [](const field_context& c) { return count(recorder(c).frames_written); }},
      {"framesDropped", "Float!", "Frames not recorded: a write failed, or more was queued than the recorder may hold (a whole number).",
       [](const field_context& c) { return count(recorder(c).frames_dropped); }},
      {"writeErrors", "Float!", "Writes that failed (disk full, permissions); logged once until one succeeds again.",
       [](const field_context& c) { return count(recorder(c).write_errors); }},
      {"rotations", "Float!", "Times the recording was rotated by size (--record-max-bytes).",
       [](const field_context& c) { return count(recorder(c).rotations); }},
  };
}

std::vector<field_spec> skipped_fields() {
  return {
      {"reason", "String!", "What could not be read: MESSAGE_NOT_OBJECT, MESSAGE_WITHOUT_ID, MESSAGE_WITHOUT_TIME, PARTICIPANT_NOT_OBJECT or PARTICIPANT_BAD_TIME.",
       [](const field_context& c) { return resolved::of(value(std::any_cast<const reason_count&>(c.parent).first)); }},
      {"count", "Float!", "Entries skipped for this reason, once per snapshot they arrived in (a whole number).",
       [](const field_context& c) { return count(std::any_cast<const reason_count&>(c.parent).second); }},
  };
}

std::vector<field_spec> rejection_fields() {
  return {
      {"reason", "String!", "Why the frames were rejected: TOO_LARGE, MALFORMED_JSON, MISSING_FIELD, UNKNOWN_EVENT_TYPE or BAD_TIMESTAMP.",
       [](const field_context& c) { return resolved::of(value(std::any_cast<const reason_count&>(c.parent).first)); }},
      {"count", "Float!", "Frames rejected for this reason (a whole number).",
       [](const field_context& c) { return count(std::any_cast<const reason_count&>(c.parent).second); }},
  };
}

}  // namespace

void add_status_types(graphql::schema_builder& b) {
  b.enumeration("ConnectionState", "The state of an event source's connection.",
                {{"STARTING", "The source has not tried to connect yet.", {}},
                 {"CONNECTING", "The first connection attempt is under way.", {}},
                 {"CONNECTED", "Connected and receiving events.", {}},
                 {"RECONNECTING", "The connection failed; waiting to retry (exponential backoff).", {}},
                 {"STOPPED", "The source was stopped (shutdown, or a finite replay reached its end).", {}},
                 {"FAILED", "The source gave up (e.g. credentials refused).", {}}});
  b.enumeration("Role", "A node's part in a cluster (docs/SCALING.md).",
                {{"SINGLE", "No cluster: this node runs the source alone.", {}},
                 {"LEADER", "Holds the cluster's lease and runs the source.", {}},
                 {"FOLLOWER", "Reads the cluster's stream; another node runs the source.", {}}});
  b.object("SourceStatus", "What the event source reports about itself.", status_fields());
  b.object("RejectionCount", "How many frames were rejected for one reason.", rejection_fields());
  b.object("RecorderStatus", "What the frame recorder (--record) has done since the service started.", recorder_fields());
  b.object("SkippedEntryCount", "How many unreadable snapshot entries were skipped for one reason.", skipped_fields());
}

}  // namespace wmpulse::api::detail
