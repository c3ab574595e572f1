#pragma once
// The event log between the sources and the aggregator. The sink (app::ingest) hands each
// batch a source produced to append(), once per batch, on the ingest thread; the log records
// it and delivers the events to apply — at once (the embedded journal), or when they come
// back from the shared stream (the cluster). The aggregator is a deterministic function of
// what the log delivers, so a node that replays the log rebuilds the same state.
#include <functional>
#include <span>

#include "core/clock.hpp"
#include "events/session_event.hpp"

namespace wmpulse::events {

class event_log {
public:
  // Applies a batch the log delivers; `arrived_ms`: the wall time it first arrived.
  using delivery = std::function<void(std::span<const session_event> batch, core::millis arrived_ms)>;

  virtual ~event_log() = default;
  // Records one batch a source produced (ingest thread); `arrived_ms`: the wall time now.
  virtual void append(std::span<const session_event> batch, core::millis arrived_ms) = 0;
  // The ingest thread's timer: flushing, retention. Cheap when there is nothing to do.
  virtual void tick(core::millis now_ms, core::millis steady_ms) = 0;
};

}  // namespace wmpulse::events
