#include "events/tutorial_decoder.hpp"

#include <simdjson.h>

#include <string>

#include "core/iso8601.hpp"

namespace wmpulse::events {

std::string_view to_string(decode_reason r) {
  switch (r) {
    case decode_reason::too_large: return "too_large";
    case decode_reason::malformed_json: return "malformed_json";
    case decode_reason::missing_field: return "missing_field";
    case decode_reason::unknown_event_type: return "unknown_event_type";
    case decode_reason::bad_timestamp: return "bad_timestamp";
  }
  return "unknown";
}

struct tutorial_decoder::impl {
  simdjson::dom::parser parser;
};

tutorial_decoder::tutorial_decoder(std::size_t max_frame_bytes)
    : max_frame_bytes_(max_frame_bytes), impl_(new impl) {}

tutorial_decoder::~tutorial_decoder() { delete impl_; }

namespace {

using decoded = core::result<session_event, decode_error>;

decoded fail(decode_reason r, std::string detail) { return core::failure{decode_error{r, std::move(detail)}}; }

bool kind_from_type(std::string_view type, event_kind& kind) {
  if (type == "webchat:connected") kind = event_kind::connected;
  else if (type == "webchat:disconnected") kind = event_kind::disconnected;
  else if (type == "webchat:message") kind = event_kind::message;
  else return false;
  return true;
}

std::string_view session_id_of(simdjson::dom::object data) {
  std::string_view id;
  if (data["sessionId"].get(id) == simdjson::SUCCESS && !id.empty()) return id;
  if (data["id"].get(id) == simdjson::SUCCESS && !id.empty()) return id;
  return {};
}

}  // namespace

static_assert(tutorial_decoder::padding >= simdjson::SIMDJSON_PADDING);

decoded tutorial_decoder::decode(std::string_view frame) { return decode_padded(frame, false); }

decoded tutorial_decoder::decode_in_place(std::string_view frame) { return decode_padded(frame, true); }

decoded tutorial_decoder::decode_padded(std::string_view frame, bool in_place) {
  if (frame.size() > max_frame_bytes_)
    return fail(decode_reason::too_large,
                "frame of " + std::to_string(frame.size()) + " bytes is over the limit of " +
                    std::to_string(max_frame_bytes_));
  simdjson::dom::element root;
  if (impl_->parser.parse(frame.data(), frame.size(), !in_place).get(root) != simdjson::SUCCESS)
    return fail(decode_reason::malformed_json, "frame is not valid JSON");
  simdjson::dom::object obj;
  if (root.get(obj) != simdjson::SUCCESS) return fail(decode_reason::malformed_json, "frame is not a JSON object");

  std::string_view type;
  if (obj["eventType"].get(type) != simdjson::SUCCESS)
    return fail(decode_reason::missing_field, "eventType is missing or not a string");
  session_event ev;
  if (!kind_from_type(type, ev.kind)) return fail(decode_reason::unknown_event_type, "unknown eventType");

  std::string_view ts;
  if (obj["timestamp"].get(ts) != simdjson::SUCCESS)
    return fail(decode_reason::missing_field, "timestamp is missing or not a string");
  auto when = core::parse_iso8601_ms(ts);
  if (!when) return fail(decode_reason::bad_timestamp, "timestamp is not ISO-8601");
  ev.time_ms = *when;

  simdjson::dom::object data;
  if (obj["data"].get(data) != simdjson::SUCCESS)
    return fail(decode_reason::missing_field, "data is missing or not an object");
  std::string_view id = session_id_of(data);
  if (id.empty()) return fail(decode_reason::missing_field, "data.sessionId (or data.id) is missing");
  ev.session_id.assign(id);
  return ev;
}

}  // namespace wmpulse::events
