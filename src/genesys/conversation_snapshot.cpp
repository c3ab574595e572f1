#include "genesys/conversation_snapshot.hpp"

#include <algorithm>
#include <cctype>

#include <boost/json.hpp>

#include "core/iso8601.hpp"

namespace wmpulse::genesys {
namespace json = boost::json;
namespace {

// oMessageCount above this is no count: it only feeds a counter, which must not wrap.
constexpr std::uint64_t max_message_count = 1'000'000'000;

using events::decode_error;
using events::decode_reason;
using fail = core::failure<decode_error>;

constexpr std::string_view topic_prefix = "v2.routing.queues.";
constexpr std::string_view topic_suffix = ".conversations.messages";

std::string string_at(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return {};
  return std::string(it->value().get_string());
}

const json::object* object_at(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_object() ? &it->value().get_object() : nullptr;
}

const json::array* array_at(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_array() ? &it->value().get_array() : nullptr;
}

// Absent is fine (nullopt); present but unparsable is an error the caller reports.
bool time_at(const json::object& o, std::string_view key, std::optional<core::millis>& out) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return true;
  if (!it->value().is_string()) return false;
  out = core::parse_iso8601_ms(it->value().get_string());
  return out.has_value();
}

decode_error bad(decode_reason r, std::string detail) { return decode_error{r, std::move(detail)}; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// messageMetadata.type: Text, Structured and Message are messages; Receipt, Event (Typing,
// Presence…), Unknown and any other type are not. No metadata or no type: a message (older
// payloads carry none).
entry_kind kind_of(const json::object& entry) {
  const json::object* meta = object_at(entry, "messageMetadata");
  const std::string type = meta ? string_at(*meta, "type") : std::string();
  if (type.empty()) return entry_kind::message;
  for (std::string_view counted : {"Text", "Structured", "Message"})
    if (equals_ignoring_case(type, counted)) return entry_kind::message;
  return entry_kind::not_message;
}

status_direction direction_of_status(const std::string& status) {
  if (status == "received") return status_direction::inbound;
  if (status == "sent" || status == "queued" || status == "delivery-success" || status == "delivery-failed")
    return status_direction::outbound;
  return status_direction::none;  // read, failed, removed, published: either way
}

void skip(skip_counts& counts, skip_reason r) { ++counts[static_cast<std::size_t>(r)]; }

// Reads what it can; an entry without an id or a time is skipped and counted.
std::vector<message_ref> parse_messages(const json::array& list, skip_counts& skipped) {
  std::vector<message_ref> out;
  for (const auto& m : list) {
    if (!m.is_object()) {
      skip(skipped, skip_reason::message_not_object);
      continue;
    }
    const auto& mo = m.get_object();
    const json::object* msg = object_at(mo, "message");
    message_ref ref;
    if (msg) ref.id = string_at(*msg, "id");
    if (ref.id.empty()) ref.id = string_at(mo, "messageId");  // the REST MessageDetails (facts §7.5)
    std::optional<core::millis> t;
    if (ref.id.empty()) skip(skipped, skip_reason::message_without_id);
    else if (!time_at(mo, "messageTime", t) || !t) skip(skipped, skip_reason::message_without_time);
    if (ref.id.empty() || !t) continue;
    ref.time_ms = *t;
    ref.kind = kind_of(mo);
    ref.status = direction_of_status(string_at(mo, "messageStatus"));
    out.push_back(std::move(ref));
  }
  return out;
}

// A time that cannot be read is taken as absent, and counted.
void tolerant_time(const json::object& o, std::string_view key, std::optional<core::millis>& out, bool& bad) {
  if (!time_at(o, key, out)) {
    out.reset();
    bad = true;
  }
}

participant_snapshot parse_participant(const json::object& o, skip_counts& skipped) {
  participant_snapshot p;
  p.id = string_at(o, "id");
  p.purpose = string_at(o, "purpose");
  p.media_type = string_at(o, "type");
  p.state = string_at(o, "state");
  if (const auto* q = object_at(o, "queue")) p.queue_id = string_at(*q, "id");
  bool bad = false;
  tolerant_time(o, "startTime", p.start_ms, bad);
  tolerant_time(o, "connectedTime", p.connected_ms, bad);
  tolerant_time(o, "endTime", p.end_ms, bad);
  if (bad) skip(skipped, skip_reason::participant_bad_time);
  p.disconnect_type = string_at(o, "disconnectType");
  if (const auto* msgs = array_at(o, "messages")) p.messages = parse_messages(*msgs, skipped);
  return p;
}

// Analytics sessions: the participant's messaging type, its queue and its segment times.
void merge_analytics_session(const json::object& s, participant_snapshot& p, std::optional<std::uint64_t>& count,
                             bool& open_segment) {
  const std::string media = string_at(s, "mediaType");
  const std::string type = string_at(s, "messageType");
  if (p.media_type.empty()) p.media_type = media == "message" ? type : media;
  if (const auto* metrics = array_at(s, "metrics")) {
    for (const auto& m : *metrics) {
      if (!m.is_object() || string_at(m.get_object(), "name") != "oMessageCount") continue;
      auto it = m.get_object().find("value");
      if (it == m.get_object().end()) continue;
      // Any JSON number form; one that is no count (negative, fractional, too large) is ignored.
      boost::system::error_code ec;
      const auto n = it->value().to_number<std::uint64_t>(ec);
      if (!ec && n <= max_message_count) count = std::max<std::uint64_t>(count.value_or(0), n);
    }
  }
  const json::array* segments = array_at(s, "segments");
  if (!segments) return;
  for (const auto& seg : *segments) {
    if (!seg.is_object()) continue;
    const auto& so = seg.get_object();
    if (auto q = string_at(so, "queueId"); !q.empty()) p.queue_id = q;
    std::optional<core::millis> start, end;
    if (time_at(so, "segmentStart", start) && start)
      p.start_ms = p.start_ms ? std::min(*p.start_ms, *start) : *start;
    if (time_at(so, "segmentEnd", end) && end) p.end_ms = p.end_ms ? std::max(*p.end_ms, *end) : *end;
    else open_segment = true;
    if (auto d = string_at(so, "disconnectType"); !d.empty()) p.disconnect_type = d;
    // An agent connects when its first interact segment starts (analytics has no connectedTime).
    if (start && string_at(so, "segmentType") == "interact" && p.purpose == "agent")
      p.connected_ms = p.connected_ms ? std::min(*p.connected_ms, *start) : *start;
  }
}

}  // namespace

std::string_view to_string(skip_reason r) {
  switch (r) {
    case skip_reason::message_not_object: return "message_not_object";
    case skip_reason::message_without_id: return "message_without_id";
    case skip_reason::message_without_time: return "message_without_time";
    case skip_reason::participant_not_object: return "participant_not_object";
    case skip_reason::participant_bad_time: return "participant_bad_time";
  }
  return "unknown";
}

std::string_view queue_of_topic(std::string_view t) {
  // Longer than both, or the prefix and suffix overlap ("v2.routing.queues.conversations.messages").
  if (t.size() <= topic_prefix.size() + topic_suffix.size() || !t.starts_with(topic_prefix) ||
      !t.ends_with(topic_suffix))
    return {};
  t.remove_prefix(topic_prefix.size());
  t.remove_suffix(topic_suffix.size());
  return t;
}

std::string queue_topic(std::string_view queue_id) {
  return std::string(topic_prefix) + std::string(queue_id) + std::string(topic_suffix);
}

snapshot_result parse_queue_conversation(const json::value& body, std::string_view topic_queue_id) {
  if (!body.is_object()) return fail{bad(decode_reason::missing_field, "eventBody is not an object")};
  const auto& o = body.get_object();
  conversation_snapshot c;
  c.id = string_at(o, "id");
  if (c.id.empty()) return fail{bad(decode_reason::missing_field, "eventBody.id")};
  c.topic_queue_id = std::string(topic_queue_id);
  const json::array* parts = array_at(o, "participants");
  if (!parts) return fail{bad(decode_reason::missing_field, "eventBody.participants")};
  for (const auto& p : *parts) {
    if (p.is_object()) c.participants.push_back(parse_participant(p.get_object(), c.skipped));
    else skip(c.skipped, skip_reason::participant_not_object);
  }
  return c;
}

snapshot_result parse_analytics_conversation(const json::value& v) {
  if (!v.is_object()) return fail{bad(decode_reason::missing_field, "conversations[] entry is not an object")};
  const auto& o = v.get_object();
  conversation_snapshot c;
  c.id = string_at(o, "conversationId");
  if (c.id.empty()) return fail{bad(decode_reason::missing_field, "conversationId")};
  if (!time_at(o, "conversationStart", c.conversation_start_ms) || !c.conversation_start_ms)
    return fail{bad(decode_reason::bad_timestamp, "conversationStart")};
  if (!time_at(o, "conversationEnd", c.conversation_end_ms)) return fail{bad(decode_reason::bad_timestamp, "conversationEnd")};
  const json::array* parts = array_at(o, "participants");
  if (!parts) return c;
  for (const auto& pv : *parts) {
    if (!pv.is_object()) continue;
    const auto& po = pv.get_object();
    participant_snapshot p;
    p.id = string_at(po, "participantId");
    p.purpose = string_at(po, "purpose");
    bool open_segment = false;
    if (const auto* sessions = array_at(po, "sessions"))
      for (const auto& s : *sessions)
        if (s.is_object()) merge_analytics_session(s.get_object(), p, c.message_count, open_segment);
    // Analytics has no participant state. The customer's interact segment starts when it
    // connects and ends when it leaves; the conversation's end closes whatever is open.
    if (open_segment && !c.conversation_end_ms) p.end_ms.reset();
    if (!p.end_ms) p.end_ms = c.conversation_end_ms;
    p.state = p.end_ms ? "disconnected" : "connected";
    if (p.purpose == "customer") p.connected_ms = p.start_ms ? p.start_ms : c.conversation_start_ms;
    c.participants.push_back(std::move(p));
  }
  return c;
}

}  // namespace wmpulse::genesys
