#pragma once
// One observation of a web messaging conversation, in the form the differ needs: from a
// notification (facts §5.1, a full snapshot on every change) or from an analytics details
// query row (§7.1, used for gap recovery). Parsing is pure: no I/O, no clock.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "events/decode_error.hpp"

namespace wmpulse::genesys {

// What a messages[] entry is (messageMetadata.type, docs/METRICS.md "What counts as a message"):
// only `message` entries are counted; receipts and events (Typing, Presence…) are not.
enum class entry_kind : std::uint8_t { message, not_message };

// The direction a messages[] entry's messageStatus names, if any (docs/GENESYS.md "Direction").
enum class status_direction : std::uint8_t { none, inbound, outbound };

struct message_ref {
  std::string id;
  core::millis time_ms = 0;
  entry_kind kind = entry_kind::message;
  status_direction status = status_direction::none;
};

// Parts of a snapshot that could not be read and were skipped (the rest is kept), by reason.
enum class skip_reason : std::uint8_t {
  message_not_object,     // a messages[] entry that is no JSON object
  message_without_id,     // no message.id
  message_without_time,   // messageTime absent or unparsable
  participant_not_object, // a participants[] entry that is no JSON object
  participant_bad_time,   // startTime/connectedTime/endTime unparsable (read as absent)
};
inline constexpr std::size_t skip_reason_count = 5;
std::string_view to_string(skip_reason r);
using skip_counts = std::array<std::uint64_t, skip_reason_count>;

struct participant_snapshot {
  std::string id;
  std::string purpose;     // customer, agent, acd, workflow, …
  std::string media_type;  // participant `type`: webmessaging, sms, open, … (may be empty)
  std::string state;       // connected, disconnected, terminated, … (may be empty)
  std::string queue_id;
  std::optional<core::millis> start_ms;
  std::optional<core::millis> connected_ms;
  std::optional<core::millis> end_ms;
  std::string disconnect_type;  // endpoint, client, transfer, transfer.forward, … (may be empty)
  std::vector<message_ref> messages;
};

struct conversation_snapshot {
  std::string id;
  std::string topic_queue_id;  // the queue whose topic delivered it; empty from a backfill
  std::vector<participant_snapshot> participants;
  std::optional<core::millis> conversation_start_ms;  // analytics only
  std::optional<core::millis> conversation_end_ms;    // analytics only
  std::optional<std::uint64_t> message_count;         // analytics only, when it reports one
  skip_counts skipped{};                              // entries skipped while parsing, by reason
};

using snapshot_result = core::result<conversation_snapshot, events::decode_error>;

// `eventBody` of v2.routing.queues.{id}.conversations.messages; also the body of
// GET /api/v2/conversations/messages/{id} (the same participant model, facts §7.5, whose
// messages[] entries name their id `messageId` rather than `message.id`), with no topic queue.
snapshot_result parse_queue_conversation(const boost::json::value& event_body, std::string_view topic_queue_id);

// One entry of `conversations[]` in an analytics conversation details query response.
snapshot_result parse_analytics_conversation(const boost::json::value& conversation);

// The queue id inside "v2.routing.queues.{id}.conversations.messages", or empty.
std::string_view queue_of_topic(std::string_view topic_name);
std::string queue_topic(std::string_view queue_id);

}  // namespace wmpulse::genesys
