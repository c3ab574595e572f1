#include "sim/snapshot.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "core/iso8601.hpp"

namespace wmpulse::sim {
namespace json = boost::json;
namespace {

std::string iso(millis t) { return core::format_iso8601_ms(t); }

std::string state_at(const sim_participant& p, millis t) {
  if (p.end && *p.end <= t) return "disconnected";
  if (p.connected <= t) return "connected";
  return "alerting";
}

// messageMetadata as the SDK models it: Text for a message, Receipt, or Event with its events.
json::object metadata_of(const sim_message& m) {
  switch (m.type) {
    case entry_type::text: return json::object{{"type", "Text"}};
    case entry_type::receipt: return json::object{{"type", "Receipt"}};
    case entry_type::typing:
      return json::object{{"type", "Event"}, {"events", json::array{json::object{{"eventType", "Typing"}, {"subType", "On"}}}}};
    case entry_type::presence:
      return json::object{{"type", "Event"}, {"events", json::array{json::object{{"eventType", "Presence"}, {"subType", "Join"}}}}};
  }
  return {};
}

json::array messages_of(const sim_conversation& c, std::size_t participant, millis t, message_form form) {
  json::array out;
  for (const auto& m : c.messages) {
    if (m.participant != participant || m.time > t) continue;
    std::string status = "received";
    if (m.dir == msg_dir::outbound) status = m.delivered && *m.delivered <= t ? "delivery-success" : "sent";
    json::object entry;
    if (form == message_form::rest) entry["messageId"] = m.id;
    else entry["message"] = json::object{{"id", m.id}};
    entry["messageTime"] = iso(m.time);
    entry["messageStatus"] = status;
    entry["messageSegmentCount"] = 1;
    entry["messageMetadata"] = metadata_of(m);
    out.push_back(std::move(entry));
  }
  return out;
}

json::object render_participant(const sim_conversation& c, std::size_t i, millis t, message_form form) {
  const auto& p = c.participants[i];
  json::object o;
  o["id"] = p.id;
  o["purpose"] = p.purpose;
  o["state"] = state_at(p, t);
  o["initialState"] = p.purpose == "agent" ? "alerting" : "connected";
  o["direction"] = "inbound";
  o["held"] = false;
  o["wrapupRequired"] = false;
  o["startTime"] = iso(p.start);
  if (p.connected <= t) o["connectedTime"] = iso(p.connected);
  if (p.end && *p.end <= t) {
    o["endTime"] = iso(*p.end);
    o["disconnectType"] = p.disconnect_type;
  }
  if (!p.queue_id.empty()) o["queue"] = json::object{{"id", p.queue_id}};
  if (p.user) o["user"] = json::object{{"id", p.user->id}, {"name", p.user->name}};
  if (p.purpose == "customer") {
    o["name"] = "Web visitor";
    o["address"] = "visitor-" + c.id.substr(0, 8);
  } else if (p.purpose == "acd") {
    o["name"] = "ACD";
  } else if (p.purpose == "workflow") {
    o["name"] = "Inbound message flow";
  } else if (p.purpose == "botflow") {
    o["name"] = "Digital bot";
  } else if (p.user) {
    o["name"] = p.user->name;
  }
  if (p.purpose != "acd") {
    o["type"] = c.messaging_type;
    o["messages"] = messages_of(c, i, t, form);
  }
  return o;
}

}  // namespace

std::vector<std::string> snapshot_queues(const sim_conversation& c, millis t) {
  std::vector<std::string> out;
  for (const auto& p : c.participants)
    if (p.purpose == "acd" && p.start <= t) out.push_back(p.queue_id);
  return out;
}

json::object render_snapshot(const sim_conversation& c, millis t, message_form form) {
  json::array participants;
  for (std::size_t i = 0; i < c.participants.size(); ++i)
    if (c.participants[i].start <= t || i == 0) participants.push_back(render_participant(c, i, t, form));
  return json::object{{"id", c.id}, {"participants", std::move(participants)}, {"otherMediaUris", json::array{}}};
}

std::string queue_topic(const std::string& queue_id) {
  return "v2.routing.queues." + queue_id + ".conversations.messages";
}

std::string envelope(const std::string& topic, const json::value& body, const std::string& correlation_id) {
  json::object o{{"topicName", topic},
                 {"version", "2"},
                 {"eventBody", body},
                 {"metadata", json::object{{"CorrelationId", correlation_id}}}};
  return json::serialize(o);
}

}  // namespace wmpulse::sim
