#pragma once
// Tutorial-protocol frames, from text to the sink: each decoded into the batch being gathered,
// or rejected to the sink by reason; the gathered batch then goes to the sink in one call.
// `in_place`: the frame's memory is readable for tutorial_decoder::padding bytes past its end.
#include <string_view>
#include <vector>

#include "events/event_sink.hpp"
#include "events/tutorial_decoder.hpp"

namespace wmpulse::sources {

inline void decode_frame(std::string_view frame, events::tutorial_decoder& decoder,
                         std::vector<events::session_event>& batch, events::event_sink& sink,
                         bool in_place = false) {
  auto decoded = in_place ? decoder.decode_in_place(frame) : decoder.decode(frame);
  if (!decoded) return sink.reject(decoded.error().reason, decoded.error().detail);
  batch.push_back(std::move(decoded).value());
}

inline void deliver_batch(std::vector<events::session_event>& batch, events::event_sink& sink) {
  if (batch.empty()) return;
  sink.accept(batch);
  batch.clear();
}

}  // namespace wmpulse::sources
