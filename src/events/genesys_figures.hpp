#pragma once
// The part of a source's status only the Genesys Cloud connector has.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"

namespace wmpulse::events {

struct genesys_figures {
  std::uint32_t channels = 0;
  std::uint32_t topics = 0;
  std::uint32_t rejected_topics = 0;
  std::uint64_t backfills = 0;
  std::uint64_t backfill_conversations = 0;
  std::optional<core::millis> lag_ms;  // wall time minus event time of the newest live event
  std::uint64_t messages_unknown_in_gaps = 0;
  // Gap recovery's cost and what it gave up (docs/GENESYS.md, "Gap recovery").
  std::uint64_t backfill_lookups = 0;       // conversations still open from before a gap, checked by id
  std::uint64_t refused_queries = 0;        // details requests the API refused (4xx): split or given up
  std::uint64_t intervals_given_up = 0;     // query intervals and id batches given up after refusals
  std::string last_given_up;                // the latest one: what, and the API's reason
  // Unreadable parts of snapshots skipped (the rest kept), by reason, every reason listed.
  std::vector<std::pair<std::string, std::uint64_t>> skipped_entries;
  std::uint64_t non_message_entries = 0;      // receipts and events in messages[], never counted as messages
  std::uint64_t direction_disagreements = 0;  // messageStatus contradicted the owning participant's purpose
  std::uint64_t channel_renewals = 0;         // channels extended before expiry by resubscribing
  std::uint64_t token_refreshes = 0;          // access tokens obtained after the first
  std::uint64_t channel_token_moves = 0;      // channels replaced by one created with a refreshed token
  std::uint64_t channels_lost_on_upgrade = 0; // channels given up after repeated socket upgrade failures
  // Messages after a gap (docs/GENESYS.md): conversations whose messages are still to be fetched,
  // those fetched, and the messages the fetches brought back.
  std::uint64_t gap_fetches_pending = 0;
  std::uint64_t gap_fetches = 0;
  std::uint64_t gap_messages_recovered = 0;
};

}  // namespace wmpulse::events
