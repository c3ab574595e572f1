#pragma once
// The simulator's ground truth: every conversation as a complete timeline, generated ahead of
// time. Snapshots, the details query, the tutorial stream and /sim/expected are all views of it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace wmpulse::sim {

using core::millis;

struct sim_queue {
  std::string id;
  std::string name;
};

struct sim_agent {
  std::string id;
  std::string name;
};

enum class msg_dir : std::uint8_t { inbound, outbound };

// What a messages[] entry is: a message (messageMetadata.type Text), or an entry Genesys does
// not count as one: a read receipt, or a Typing or Presence event (docs/METRICS.md).
enum class entry_type : std::uint8_t { text, receipt, typing, presence };

struct sim_message {
  std::string id;
  millis time = 0;
  msg_dir dir = msg_dir::inbound;
  std::size_t participant = 0;     // index of the participant that owns it
  std::optional<millis> delivered; // outbound only: "sent" becomes "delivery-success" then
  entry_type type = entry_type::text;
  bool counted() const { return type == entry_type::text; }
};

struct sim_participant {
  std::string id;
  std::string purpose;  // customer, workflow, botflow, acd, agent
  std::string queue_id; // acd and agent
  std::optional<sim_agent> user;
  millis start = 0;
  millis connected = 0;
  std::optional<millis> end;
  std::string disconnect_type;  // set with end: client, peer, endpoint, transfer
};

struct sim_conversation {
  std::size_t index = 0;
  std::string id;
  std::string messaging_type;  // webmessaging, sms, open, whatsapp
  std::vector<sim_participant> participants;  // [0] is the customer; a flow and its bot before the first acd
  bool bot_only = false;  // the bot resolved it: never routed to a queue, never on a queue topic
  std::vector<sim_message> messages;
  // First time the conversation is visible on a queue topic (the first acd participant's start).
  millis routed = 0;
  std::optional<millis> end;
  // Every instant at which the conversation changes, sorted, first == routed.
  std::vector<millis> changes;

  bool web() const { return messaging_type == "webmessaging"; }
  const sim_participant& customer() const { return participants.front(); }
  // The queue it arrived on (first acd participant); sessions are counted there.
  const std::string& home_queue() const {
    for (const auto& p : participants)
      if (p.purpose == "acd") return p.queue_id;
    static const std::string none;
    return none;
  }
  // When something that happened at event time t becomes visible (published).
  millis published_at(millis t) const { return t < routed ? routed : t; }
};

}  // namespace wmpulse::sim
