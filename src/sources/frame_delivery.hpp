#pragma once
// One tutorial-protocol frame, from text to the sink: decoded and accepted, or rejected by
// reason; either way counted in the source's status.
#include <string_view>

#include "events/event_sink.hpp"
#include "events/source_status.hpp"
#include "events/tutorial_decoder.hpp"

namespace wmpulse::sources {

inline void deliver_frame(std::string_view frame, events::tutorial_decoder& decoder, events::source_status& status,
                          events::event_sink& sink) {
  auto decoded = decoder.decode(frame);
  if (!decoded) {
    ++status.rejected[static_cast<std::size_t>(decoded.error().reason)];
    sink.reject(decoded.error().reason, decoded.error().detail);
    return;
  }
  ++status.events_ingested;
  const auto t = decoded.value().time_ms;
  if (!status.last_event_ms || t > *status.last_event_ms) status.last_event_ms = t;
  sink.accept(decoded.value());
}

}  // namespace wmpulse::sources
