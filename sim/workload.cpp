#include "sim/workload.hpp"

#include <algorithm>
#include <iterator>
#include <string>

#include "sim/conversation_builder.hpp"

namespace wmpulse::sim {
namespace {
constexpr std::uint64_t family_setup = 1, family_arrivals = 2, family_conversation = 3;
const char* const other_types[] = {"sms", "open", "whatsapp"};
// Queue names as a contact centre has them (one with non-ASCII letters); beyond the list the
// names repeat with a number, so that every queue's name is distinct.
const char* const queue_names[] = {"Billing",          "Technical Support", "Sales",        "Returns & Refunds",
                                   "Order Tracking",   "Account Security",  "Loyalty Club", "Kundendienst Österreich",
                                   "Business Accounts", "Shipping"};
std::string queue_name(int q) {
  constexpr int n = static_cast<int>(std::size(queue_names));
  return std::string(queue_names[q % n]) + (q < n ? "" : " " + std::to_string(q / n + 1));
}
}  // namespace

workload::workload(workload_config config)
    : config_(config), arrivals_(derive_seed(config.seed, family_arrivals, 0)), next_arrival_(config.start_ms) {
  rng setup(derive_seed(config_.seed, family_setup, 0));
  const int nq = std::max(1, config_.queues);
  for (int q = 0; q < nq; ++q) {
    queues_.push_back({setup.uuid(), queue_name(q)});
    std::vector<sim_agent> pool;
    for (int a = 0; a < std::max(1, config_.agents_per_queue); ++a)
      pool.push_back({setup.uuid(), "Agent " + std::to_string(q + 1) + "." + std::to_string(a + 1)});
    agents_.push_back(std::move(pool));
  }
  schedule_next_arrival();
}

const sim_queue* workload::find_queue(std::string_view id) const {
  for (const auto& q : queues_)
    if (q.id == id) return &q;
  return nullptr;
}

std::optional<millis> workload::end_ms() const {
  if (config_.duration_ms <= 0) return std::nullopt;
  return config_.start_ms + config_.duration_ms;
}

void workload::schedule_next_arrival() {
  const double share = std::clamp(config_.other_share, 0.0, 0.95);
  const double per_minute = config_.web_per_minute / (1.0 - share);
  if (per_minute <= 0) {
    next_arrival_ = std::numeric_limits<millis>::max();
    return;
  }
  next_arrival_ += 1 + static_cast<millis>(arrivals_.exponential(60'000.0 / per_minute));
}

std::size_t workload::generate_until(millis t) {
  std::size_t made = 0;
  const auto end = end_ms();
  while (next_arrival_ <= t && (!end || next_arrival_ <= *end)) {
    conversations_.push_back(make_conversation(conversations_.size(), next_arrival_));
    schedule_next_arrival();
    ++made;
  }
  return made;
}

sim_conversation workload::make_conversation(std::size_t index, millis arrival) {
  rng r(derive_seed(config_.seed, family_conversation, index));
  std::string type = "webmessaging";
  const double share = std::clamp(config_.other_share, 0.0, 0.95);
  if (r.chance(share)) type = other_types[r.uniform_int(0, 2)];
  conversation_shape shape;
  shape.transfer_share = config_.transfer_share;
  shape.abandon_share = config_.abandon_share;
  shape.non_message_rate = config_.non_message_rate;
  shape.bot_share = config_.bot_share;
  shape.bot_only_share = config_.bot_only_share;
  return build_conversation(r, index, arrival, type, queues_, agents_, shape);
}

}  // namespace wmpulse::sim
