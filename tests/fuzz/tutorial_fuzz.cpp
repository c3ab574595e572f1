// libFuzzer target: the tutorial protocol decoder. The input is a sequence of frames separated
// by newlines, decoded by one decoder (its parser is reused, as in the source). Every frame
// must come back as a valid event or a decode_error with a known reason and a short detail.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "events/tutorial_decoder.hpp"
#include "fuzz_input.hpp"

namespace ev = wmpulse::events;

namespace {

void check_event(const ev::session_event& e) {
  if (e.session_id.empty()) std::abort();
  if (e.kind != ev::event_kind::connected && e.kind != ev::event_kind::disconnected &&
      e.kind != ev::event_kind::message)
    std::abort();
}

// The detail is a short fixed text naming the field (never the frame itself, whatever its size).
void check_error(const ev::decode_error& e) {
  if (static_cast<std::size_t>(e.reason) >= ev::decode_reason_count) std::abort();
  if (e.detail.empty() || e.detail.size() > 120 || ev::to_string(e.reason) == "unknown") std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A small limit so that the too_large path is reached as well.
  ev::tutorial_decoder decoder(4096);
  for (std::string_view frame : wmpulse::fuzz::split(wmpulse::fuzz::as_text(data, size), '\n')) {
    auto r = decoder.decode(frame);
    if (r.ok()) check_event(r.value());
    else check_error(r.error());
  }
  return 0;
}
