#include "sources/generator_workload.hpp"

#include <algorithm>

namespace wmpulse::sources {

using events::direction;
using events::event_kind;
using events::session_event;

generator_workload::generator_workload(std::uint64_t seed, double sessions_per_minute, double mean_session_seconds,
                                       double mean_message_gap_seconds, int queues, core::millis start)
    : rng_(seed), sessions_per_minute_(std::max(sessions_per_minute, 0.001)),
      mean_session_seconds_(std::max(mean_session_seconds, 0.1)),
      mean_message_gap_seconds_(std::max(mean_message_gap_seconds, 0.1)), queues_(std::max(queues, 1)),
      next_arrival_(start) {
  next_arrival_ += exp_ms(60.0 / sessions_per_minute_);
}

core::millis generator_workload::exp_ms(double mean_seconds) {
  std::exponential_distribution<double> d(1.0 / (mean_seconds * 1000.0));
  return static_cast<core::millis>(d(rng_)) + 1;
}

void generator_workload::schedule_session(core::millis start) {
  const std::string id = "gen-" + std::to_string(next_id_++);
  const std::string queue = "queue-" + std::to_string(std::uniform_int_distribution<int>(1, queues_)(rng_));
  const core::millis end = start + exp_ms(mean_session_seconds_);
  queue_.push({session_event{event_kind::connected, id, start, queue, direction::unknown}});
  bool inbound = true;
  for (core::millis t = start + exp_ms(mean_message_gap_seconds_); t < end; t += exp_ms(mean_message_gap_seconds_)) {
    queue_.push({session_event{event_kind::message, id, t, queue, inbound ? direction::inbound : direction::outbound}});
    inbound = std::bernoulli_distribution(0.5)(rng_);
  }
  queue_.push({session_event{event_kind::disconnected, id, end, queue, direction::unknown}});
}

std::vector<session_event> generator_workload::advance_to(core::millis now) {
  while (next_arrival_ <= now) {
    schedule_session(next_arrival_);
    next_arrival_ += exp_ms(60.0 / sessions_per_minute_);
  }
  std::vector<session_event> out;
  while (!queue_.empty() && queue_.top().event.time_ms <= now) {
    out.push_back(queue_.top().event);
    queue_.pop();
  }
  return out;
}

}  // namespace wmpulse::sources
