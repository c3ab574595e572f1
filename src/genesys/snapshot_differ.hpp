#pragma once
// Turns full conversation snapshots into session events, each fact once: connected (the
// customer participant connected), every new message id (receipts and events apart) with its
// direction (docs/GENESYS.md "Direction") and queue,
// disconnected (the customer ended, or the conversation ended), and the contact-centre spans
// (queue entries, answers, abandons, agent parts, replies; snapshot_contact.hpp). Duplicated, repeated and
// out-of-order snapshots never count twice or move a session back in time. Pure: no I/O,
// the caller passes "now" (wall time) for the grace periods.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "events/session_event.hpp"
#include "genesys/conversation_snapshot.hpp"
#include "genesys/snapshot_contact.hpp"

namespace wmpulse::genesys {

struct differ_settings {
  core::millis end_grace_ms = 10 * 60'000;       // full state kept after the end, for stragglers
  core::millis tombstone_ms = 26 * 3'600'000LL;  // then only the id, so it is never counted again
};

struct differ_counters {
  std::uint64_t snapshots = 0;
  std::uint64_t ignored_conversations = 0;  // other messaging types (sms, open, …), counted once each
  std::uint64_t ignored_snapshots = 0;      // snapshots of those, or of conversations not yet typed
  std::uint64_t stale_snapshots = 0;        // of a conversation already ended and forgotten
  std::uint64_t messages_unknown = 0;       // reported by analytics but never seen (gap), see GENESYS.md
  std::uint64_t found_out_of_scope = 0;     // details-query rows not (yet) routed to a followed queue
  std::uint64_t non_message_entries = 0;    // receipts and events in messages[], each id once, never counted
  std::uint64_t direction_disagreements = 0;  // messageStatus named the other direction than the purpose
};

class snapshot_differ {
public:
  explicit snapshot_differ(differ_settings settings = {});

  // Appends to `out` what this snapshot adds to what was already known.
  void apply(const conversation_snapshot& snapshot, core::millis now, std::vector<events::session_event>& out);

  // A conversation found by the details query: it counts only in the live path's scope, i.e.
  // once routed to a followed queue (an acd participant of it) or when already followed; a queue
  // topic never carries a conversation before it is routed (docs/GENESYS.md, "Scope").
  void apply_found(const conversation_snapshot& snapshot, const std::set<std::string>& followed_queues, core::millis now,
                   std::vector<events::session_event>& out);

  // The conversation's messages fetched by id after a gap (GET /api/v2/conversations/messages/{id}):
  // applied as a snapshot (new ids only); what it recovers of a conversation already ended is
  // taken off messages_unknown.
  void apply_fetched(const conversation_snapshot& snapshot, const std::set<std::string>& followed_queues,
                     core::millis now, std::vector<events::session_event>& out);
  // Messages counted so far of a followed, connected web messaging conversation; nullopt for
  // any other (unknown, out of scope, another messaging type, forgotten).
  std::optional<std::uint64_t> messages_counted(const std::string& id) const;
  // Live snapshots (apply) of the conversation so far: one after a gap brought its messages[].
  std::uint64_t live_snapshots(const std::string& id) const;

  // Forgets conversations ended more than end_grace_ms ago (keeping a tombstone) and
  // tombstones older than tombstone_ms.
  void sweep(core::millis now);

  std::size_t tracked() const { return conversations_.size(); }
  std::size_t open() const;
  // Ids of the conversations not yet ended that started before t: a gap recovery looks them up
  // by id rather than re-reading every conversation since the oldest one started.
  std::vector<std::string> open_started_before(core::millis t) const;
  const differ_counters& counters() const { return counters_; }

private:
  enum class kind : std::uint8_t { unknown, web, other };

  struct state {
    kind type = kind::unknown;
    bool connected = false;
    bool ended = false;
    core::millis start_ms = 0;
    core::millis ended_seen_at = 0;  // wall time the end was first seen
    std::string queue_id;
    core::millis routed_seen_ms = 0;  // start of the latest acd participant seen
    std::vector<std::uint64_t> message_hashes;  // entry ids seen, hashed: compact, collisions negligible
    std::uint64_t messages = 0;                 // of which messages (receipts and events apart)
    std::uint64_t live_snapshots = 0;           // through apply(): from a topic, with messages[]
    contact_seen spans;
  };

  // live: from a queue topic (apply), not a details row or a fetch.
  void apply_snapshot(const conversation_snapshot& s, core::millis now, std::vector<events::session_event>& out, bool live);
  kind classify(const conversation_snapshot& s) const;
  void apply_web(const conversation_snapshot& s, state& st, core::millis now, std::vector<events::session_event>& out);
  void emit_transfer(const conversation_snapshot& s, state& st, std::vector<events::session_event>& out);
  void emit_messages(const conversation_snapshot& s, state& st, std::vector<events::session_event>& out);
  events::direction direction_of(const participant_snapshot& p, const message_ref& m);

  differ_settings settings_;
  differ_counters counters_;
  std::unordered_map<std::string, state> conversations_;
  std::unordered_map<std::uint64_t, core::millis> tombstones_;  // id hash → wall time forgotten
};

}  // namespace wmpulse::genesys
