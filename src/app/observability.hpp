#pragma once
// What operators' tools read: the Kubernetes-style probes (/livez, /readyz, /healthz) and the
// Prometheus scrape (/metrics). Each answer is built from one published status or snapshot.
#include "events/source_status.hpp"
#include "metrics/snapshot.hpp"
#include "server/router.hpp"

namespace wmpulse::app {

// 200 "ok\n" while the process serves requests at all (/livez and its alias /healthz).
server::http_answer livez_answer();

// 200 or 503 with {"ready":bool,"reasons":[…]}: ready when the source is connected and its
// initial recovery is done (events::readiness_of).
server::http_answer readyz_answer(const events::source_status& status);

// The text exposition of the snapshot, the status, the build and the process.
server::http_answer metrics_answer(const metrics::metrics_snapshot& snapshot, const events::source_status& status);

}  // namespace wmpulse::app
