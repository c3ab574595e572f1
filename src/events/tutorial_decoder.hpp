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

  // Bytes past a frame's end that decode_in_place may read (never write): simdjson's padding.
  static constexpr std::size_t padding = 64;

  // Copies the frame into the parser's padded buffer first.
  core::result<session_event, decode_error> decode(std::string_view frame);
  // Parses the frame where it lies, with no copy: its memory must stay readable for `padding`
  // bytes past its end (e.g. spare capacity of the read buffer). Same answers as decode().
  core::result<session_event, decode_error> decode_in_place(std::string_view frame);

private:
  core::result<session_event, decode_error> decode_padded(std::string_view frame, bool in_place);

  struct impl;
  std::size_t max_frame_bytes_;
  impl* impl_;
};

}  // namespace wmpulse::events
