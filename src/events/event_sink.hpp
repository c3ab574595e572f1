#pragma once
// Where a source delivers what it decoded. Every source calls its sink on the ingest
// executor (one thread), so the sink needs no locking. The sink counts what it receives:
// a source keeps no count of events accepted or rejected.
#include <span>
#include <string_view>

#include "events/decode_error.hpp"
#include "events/session_event.hpp"

namespace wmpulse::events {

class event_sink {
public:
  virtual ~event_sink() = default;
  // The events decoded in one wake-up of the source (a frame, a chunk, a snapshot diff), in order.
  virtual void accept(std::span<const session_event> batch) = 0;
  // A frame or record the source could not use; counted by reason, never applied.
  virtual void reject(decode_reason reason, std::string_view detail) = 0;

  void accept(const session_event& event) { accept(std::span<const session_event>(&event, 1)); }
};

}  // namespace wmpulse::events
