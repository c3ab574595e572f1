#pragma once
// Decodes the tutorial protocol's frames:
// {"eventType":"webchat:connected|disconnected|message","timestamp":"<ISO-8601>",
//  "data":{"sessionId":"…"}}   (data.id is used when sessionId is missing, as the tutorial does)
#include <cstddef>
#include <string_view>

#include "core/result.hpp"
#include "events/decode_error.hpp"
#include "events/session_event.hpp"

namespace wmpulse::events {

class tutorial_decoder {
public:
  static constexpr std::size_t default_max_frame_bytes = 64 * 1024;

  explicit tutorial_decoder(std::size_t max_frame_bytes = default_max_frame_bytes);
  ~tutorial_decoder();
  tutorial_decoder(const tutorial_decoder&) = delete;
  tutorial_decoder& operator=(const tutorial_decoder&) = delete;

  core::result<session_event, decode_error> decode(std::string_view frame);

private:
  struct impl;
  std::size_t max_frame_bytes_;
  impl* impl_;
};

}  // namespace wmpulse::events
