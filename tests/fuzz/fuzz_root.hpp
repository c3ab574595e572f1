#pragma once
// The fixed GraphQL root the API targets execute against: one snapshot with a queue and a
// history holding it, so that every field resolves to something.
#include <any>
#include <memory>

#include "api/root_state.hpp"
#include "events/source_status.hpp"
#include "metrics/history.hpp"
#include "metrics/snapshot.hpp"

namespace wmpulse::fuzz {

inline std::shared_ptr<const api::root_state> sample_state() {
  auto s = std::make_shared<metrics::metrics_snapshot>();
  s->taken_at_ms = 1'700'000'000'000;
  s->all.active_sessions = 7;
  s->all.duration_p50_ms = 1000;
  metrics::queue_metrics q;
  q.queue_id = "q-1";
  s->queues.push_back(q);
  auto h = std::make_shared<metrics::history>(60);
  h->record(*s);
  return std::make_shared<const api::root_state>(s, std::make_shared<events::source_status>(), h);
}

// sample_state() as the GraphQL engine's root value.
inline std::any sample_root() { return api::graphql_root(sample_state()); }

}  // namespace wmpulse::fuzz
