#pragma once
// Decodes one Notifications API WebSocket frame (facts §4.2, §5.1) into what it tells the
// connector. Pure: no I/O, no clock. A frame is rejected when it is not a JSON object, or when
// it is a queue conversation event whose eventBody is no conversation snapshot; every other
// frame decodes to a kind of its own, even those the connector only counts or skips.
#include <string>
#include <string_view>
#include <variant>

#include "core/result.hpp"
#include "events/decode_error.hpp"
#include "genesys/conversation_snapshot.hpp"

namespace wmpulse::genesys {

// topicName "channel.metadata": {"message":"WebSocket Heartbeat"} about every 30 s, or
// {"message":"pong"} after our ping.
struct channel_metadata {
  std::string message;
  bool heartbeat() const { return message == "WebSocket Heartbeat"; }
};

// v2.system.socket_closing: the service closes this socket in about a minute.
struct socket_closing {};

// {"result":"404","message":"…"} (no topicName): the channel is not found, expired or replaced.
struct channel_not_found {};

// v2.system.no_longer_subscribed.{id} or v2.system.token_revoked.{id}: the channel is dropped.
struct channel_dropped {
  std::string system_topic;  // the topic up to its id, e.g. "v2.system.token_revoked"
  bool token_revoked = false;
};

// v2.routing.queues.{id}.conversations.messages with its eventBody decoded.
struct queue_conversation {
  conversation_snapshot snapshot;  // topic_queue_id is the {id} of the topic
};

// A topic we do not follow, or a queue topic without an eventBody: counted as ignored.
struct other_topic {
  std::string topic;
};

// No topicName and no 404, e.g. the reply to an in-socket subscribe: nothing to do.
struct channel_reply {
  std::string result;  // "result" as sent ("200", …), or empty
};

using notification = std::variant<channel_metadata, socket_closing, channel_not_found, channel_dropped,
                                  queue_conversation, other_topic, channel_reply>;
using notification_result = core::result<notification, events::decode_error>;

// Rejects: malformed_json (not JSON, or not an object); missing_field and bad_timestamp from
// the conversation snapshot (parse_queue_conversation).
notification_result decode_notification(std::string_view frame);

}  // namespace wmpulse::genesys
