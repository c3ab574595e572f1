#pragma once
// Renders a conversation as Genesys publishes it on
// v2.routing.queues.{queueId}.conversations.messages: a full snapshot as of one instant
// (lowercase enums, ISO-8601 times, messages[] with ids, times and statuses).
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "sim/model.hpp"

namespace wmpulse::sim {

// How messages[] entries name their id: `message{id}` on the queue topic (facts §5.1), `messageId`
// in the REST MessageConversation (GET /api/v2/conversations/messages/{id}, facts §7.5; the
// SDK's MessageDetails). The rest of the participant model is the same in both.
enum class message_form { topic, rest };

boost::json::object render_snapshot(const sim_conversation& c, millis t, message_form form = message_form::topic);

// The queue ids whose topic carries the snapshot at t (every queue it was routed to by then).
std::vector<std::string> snapshot_queues(const sim_conversation& c, millis t);

std::string queue_topic(const std::string& queue_id);

// The notification envelope {topicName, version, eventBody, metadata:{CorrelationId}}.
std::string envelope(const std::string& topic, const boost::json::value& body, const std::string& correlation_id);

}  // namespace wmpulse::sim
