#include "genesys/notification_decoder.hpp"

#include <boost/json.hpp>

namespace wmpulse::genesys {
namespace json = boost::json;
namespace {

using events::decode_error;
using events::decode_reason;

constexpr std::string_view metadata_topic = "channel.metadata";
constexpr std::string_view closing_topic = "v2.system.socket_closing";
constexpr std::string_view unsubscribed_topic = "v2.system.no_longer_subscribed";
constexpr std::string_view revoked_topic = "v2.system.token_revoked";

// A string, or an integer as its digits ({"result":404} as well as {"result":"404"}).
std::string string_of(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return {};
  if (it->value().is_string()) return std::string(it->value().get_string());
  if (it->value().is_int64()) return std::to_string(it->value().get_int64());
  return {};
}

notification without_topic(const json::object& o) {
  std::string result = string_of(o, "result");
  if (result == "404") return channel_not_found{};
  return channel_reply{std::move(result)};
}

channel_metadata metadata_of(const json::object& o) {
  channel_metadata m;
  if (auto body = o.find("eventBody"); body != o.end() && body->value().is_object())
    m.message = string_of(body->value().get_object(), "message");
  return m;
}

// "v2.system.token_revoked.{id}" → "v2.system.token_revoked"; the search starts after "v2.system.".
channel_dropped dropped_of(const std::string& topic) {
  return channel_dropped{topic.substr(0, topic.find('.', std::string_view("v2.system.").size())),
                         topic.starts_with(revoked_topic)};
}

notification_result conversation_of(const json::object& o, std::string topic) {
  const std::string_view queue = queue_of_topic(topic);
  auto body = o.find("eventBody");
  if (queue.empty() || body == o.end()) return notification{other_topic{std::move(topic)}};
  auto snapshot = parse_queue_conversation(body->value(), queue);
  if (!snapshot) return core::failure{snapshot.error()};
  return notification{queue_conversation{std::move(snapshot.value())}};
}

}  // namespace

notification_result decode_notification(std::string_view frame) {
  boost::system::error_code ec;
  json::value v = json::parse(frame, ec);
  if (ec || !v.is_object())
    return core::failure{decode_error{decode_reason::malformed_json, "notification frame is not a JSON object"}};
  const auto& o = v.get_object();
  std::string topic = string_of(o, "topicName");
  if (topic.empty()) return without_topic(o);
  if (topic == metadata_topic) return notification{metadata_of(o)};
  if (topic == closing_topic) return notification{socket_closing{}};
  if (topic.starts_with(unsubscribed_topic) || topic.starts_with(revoked_topic)) return notification{dropped_of(topic)};
  return conversation_of(o, std::move(topic));
}

}  // namespace wmpulse::genesys
