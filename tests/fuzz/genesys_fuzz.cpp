// libFuzzer target: Genesys notification frames and analytics conversation rows through one
// snapshot differ. The input is a sequence of JSON documents separated by newlines; each one is
// decoded as the connector decodes a notification frame (decode_notification: envelope, topic,
// eventBody, snapshot), or, when it has no topicName, also read as one `conversations[]` entry of
// a details query (the gap backfill).
// Wall time moves a minute per document and the differ is swept after each, so end grace and
// tombstones are exercised. Invariants: no exception escapes the decoders or the differ, every
// reject has a detail, queue ids and topics map onto each other, every event belongs to the
// snapshot's conversation, and a session connects and disconnects at most once, the disconnect
// never before the connect.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "fuzz_input.hpp"
#include "genesys/conversation_snapshot.hpp"
#include "genesys/notification_decoder.hpp"
#include "genesys/snapshot_differ.hpp"

namespace gen = wmpulse::genesys;
namespace ev = wmpulse::events;
namespace json = boost::json;

namespace {

struct session_facts {
  int connected = 0;
  int disconnected = 0;
  wmpulse::core::millis connected_at = 0;
};

void check_topic(const gen::notification& n) {
  if (const auto* c = std::get_if<gen::queue_conversation>(&n)) {
    const std::string& queue = c->snapshot.topic_queue_id;
    if (queue.empty() || gen::queue_of_topic(gen::queue_topic(queue)) != queue) std::abort();
  } else if (const auto* o = std::get_if<gen::other_topic>(&n)) {
    const std::string_view queue = gen::queue_of_topic(o->topic);
    if (!queue.empty() && gen::queue_topic(queue) != o->topic) std::abort();
  }
}

// A frame's snapshot as the connector hands it to the differ; a frame without a topic is read as
// a details query row instead.
gen::snapshot_result snapshot_of(std::string_view doc) {
  auto decoded = gen::decode_notification(doc);
  if (!decoded) return wmpulse::core::failure{decoded.error()};
  check_topic(decoded.value());
  if (auto* c = std::get_if<gen::queue_conversation>(&decoded.value())) return std::move(c->snapshot);
  if (std::holds_alternative<gen::channel_reply>(decoded.value()) ||
      std::holds_alternative<gen::channel_not_found>(decoded.value()))
    return gen::parse_analytics_conversation(json::parse(doc));
  return wmpulse::core::failure{ev::decode_error{ev::decode_reason::missing_field, "not a conversation"}};
}

void check(const gen::conversation_snapshot& s, const std::vector<ev::session_event>& out,
           std::map<std::string, session_facts>& facts) {
  for (const auto& e : out) {
    if (e.session_id != s.id) std::abort();
    auto& f = facts[e.session_id];
    if (e.kind == ev::event_kind::connected) {
      if (++f.connected > 1) std::abort();
      f.connected_at = e.time_ms;
    } else if (e.kind == ev::event_kind::disconnected) {
      if (++f.disconnected > 1 || f.connected != 1 || e.time_ms < f.connected_at) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Tombstones outlive any input (26 h against a minute per document), so "at most once" holds.
  gen::snapshot_differ differ(gen::differ_settings{5 * 60'000, 26 * 3'600'000LL});
  std::map<std::string, session_facts> facts;
  std::vector<ev::session_event> out;
  wmpulse::core::millis now = 1'746'093'600'000;  // 2025-05-01T10:00:00Z
  for (std::string_view doc : wmpulse::fuzz::split(wmpulse::fuzz::as_text(data, size), '\n')) {
    now += 60'000;
    auto snapshot = snapshot_of(doc);
    if (!snapshot) {
      if (snapshot.error().detail.empty()) std::abort();
      continue;
    }
    out.clear();
    differ.apply(snapshot.value(), now, out);
    check(snapshot.value(), out, facts);
    differ.sweep(now);
    (void)differ.open_started_before(now);
    if (differ.open() > differ.tracked()) std::abort();
  }
  return 0;
}
