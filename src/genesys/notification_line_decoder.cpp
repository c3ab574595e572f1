#include "genesys/notification_line_decoder.hpp"

#include <algorithm>

#include "genesys/notification_decoder.hpp"

namespace wmpulse::genesys {

void notification_line_decoder::decode(std::string_view frame, std::optional<core::millis> received_ms,
                                       std::vector<events::session_event>& out, events::event_sink& sink) {
  auto decoded = decode_notification(frame);
  if (!decoded) return sink.reject(decoded.error().reason, decoded.error().detail);
  const auto* conversation = std::get_if<queue_conversation>(&decoded.value());
  if (!conversation) return;
  if (received_ms) now_ = std::max(now_, *received_ms);
  const auto before = out.size();
  differ_.apply(conversation->snapshot, now_, out);
  for (auto i = before; i < out.size(); ++i) now_ = std::max(now_, out[i].time_ms);
  if (++since_sweep_ >= sweep_every) {
    since_sweep_ = 0;
    differ_.sweep(now_);
  }
}

}  // namespace wmpulse::genesys
