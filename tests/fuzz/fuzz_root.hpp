#pragma once
// The fixed GraphQL root the API targets execute against: one snapshot with a queue and a
// history holding it, so that every field resolves to something.
#include <memory>

#include "api/root_state.hpp"
#include "events/source_status.hpp"
#include "metrics/history.hpp"
#include "metrics/snapshot.hpp"

namespace wmpulse::fuzz {

inline api::root_state sample_root() {
  auto s = std::make_shared<metrics::metrics_snapshot>();
  s->taken_at_ms = 1'700'000'000'000;
  s->all.active_sessions = 7;
  s->all.duration_p50_ms = 1000;
  metrics::queue_metrics q;
  q.queue_id = "q-1";
  s->queues.push_back(q);
  auto h = std::make_shared<metrics::history>(60);
  h->record(*s);
  return {s, std::make_shared<events::source_status>(), h};
}

}  // namespace wmpulse::fuzz
