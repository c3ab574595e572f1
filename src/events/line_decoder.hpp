#pragma once
// Turns one replayed frame of a given protocol into session events. The replay source knows
// only this interface; app wires the implementation (e.g. the Genesys one), so sources never
// depend on a connector.
#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "events/event_sink.hpp"
#include "events/session_event.hpp"

namespace wmpulse::events {

class line_decoder {
public:
  virtual ~line_decoder() = default;
  // Appends to `out` what `frame` adds; a frame that does not decode goes to sink.reject.
  // received_ms: when it was received live (a recording's "t"), when known.
  virtual void decode(std::string_view frame, std::optional<core::millis> received_ms,
                      std::vector<session_event>& out, event_sink& sink) = 0;
};

}  // namespace wmpulse::events
