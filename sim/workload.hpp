#pragma once
// The seeded workload: queues, agents and conversations arriving as a Poisson process.
// Conversations are generated in arrival order as simulated time advances; the same seed and
// parameters always give the same conversations, whatever the speed or the call pattern.
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "sim/model.hpp"
#include "sim/random.hpp"

namespace wmpulse::sim {

struct workload_config {
  std::uint64_t seed = 1;
  int queues = 3;
  int agents_per_queue = 5;
  double web_per_minute = 30;      // web messaging conversations started per simulated minute
  double other_share = 0.2;        // share of all conversations that are sms/open/whatsapp
  double transfer_share = 0.15;    // conversations transferred to another queue
  double abandon_share = 0.05;     // customers who leave while waiting in the queue
  double non_message_rate = 0;     // share of messages[] entries that are receipts or typing/presence events
  double bot_share = 0;            // web conversations that meet a bot (in a flow) before any queue
  double bot_only_share = 0;       // of those, the share the bot resolves: never routed to a queue
  millis start_ms = 0;             // simulated start of the workload
  millis duration_ms = 0;          // simulated length; 0 = no end
};

class workload {
public:
  explicit workload(workload_config config);

  const workload_config& config() const { return config_; }
  const std::vector<sim_queue>& queues() const { return queues_; }
  const sim_queue* find_queue(std::string_view id) const;

  // Generates every conversation that arrives up to (and including) t; returns how many are new.
  std::size_t generate_until(millis t);
  const std::deque<sim_conversation>& conversations() const { return conversations_; }
  // End of the workload in simulated time (nullopt when it has none).
  std::optional<millis> end_ms() const;

private:
  sim_conversation make_conversation(std::size_t index, millis arrival);
  void schedule_next_arrival();

  workload_config config_;
  std::vector<sim_queue> queues_;
  std::vector<std::vector<sim_agent>> agents_;  // per queue
  rng arrivals_;
  millis next_arrival_ = 0;
  std::deque<sim_conversation> conversations_;
};

}  // namespace wmpulse::sim
