#pragma once
// The root value every GraphQL operation runs against: the latest published snapshot, source
// status and history. Any of them may be null (before the first snapshot); the resolvers then
// answer with zeros / empty lists, never invented numbers.
#include <memory>

#include "events/source_status.hpp"
#include "metrics/history.hpp"
#include "metrics/snapshot.hpp"

namespace wmpulse::api {

struct root_state {
  std::shared_ptr<const metrics::metrics_snapshot> snapshot;
  std::shared_ptr<const events::source_status> status;
  std::shared_ptr<const metrics::history> history;
};

}  // namespace wmpulse::api
