#pragma once
// Builds one conversation's complete timeline: customer, optionally a flow and its bot (which
// may resolve it alone), acd and agent participants, an optional transfer to another queue,
// messages both ways (some entries receipts or events), and the change instants.
#include <vector>

#include "sim/model.hpp"
#include "sim/random.hpp"

namespace wmpulse::sim {

struct conversation_shape {
  double transfer_share = 0.15;
  double abandon_share = 0.05;
  double mean_wait_ms = 20'000;
  double median_handle_ms = 180'000;
  double mean_message_gap_ms = 25'000;
  double non_message_rate = 0;  // share of entries that are receipts or typing/presence events
  double bot_share = 0;         // conversations that meet a bot before any queue
  double bot_only_share = 0;    // of those, resolved by the bot (no queue ever)
};

// `queues` and `agents` must be non-empty, agents per queue index.
sim_conversation build_conversation(rng& r, std::size_t index, millis arrival, const std::string& messaging_type,
                                    const std::vector<sim_queue>& queues,
                                    const std::vector<std::vector<sim_agent>>& agents,
                                    const conversation_shape& shape);

}  // namespace wmpulse::sim
