#pragma once
// Where a source delivers what it decoded. Every source calls its sink on the ingest
// executor (one thread), so the sink needs no locking.
#include <string_view>

#include "events/decode_error.hpp"
#include "events/session_event.hpp"

namespace wmpulse::events {

class event_sink {
public:
  virtual ~event_sink() = default;
  // A decoded session event.
  virtual void accept(const session_event& event) = 0;
  // A frame or record the source could not use; counted by reason, never applied.
  virtual void reject(decode_reason reason, std::string_view detail) = 0;
};

}  // namespace wmpulse::events
