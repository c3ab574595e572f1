#pragma once
// Renders a conversation as Genesys publishes it on
// v2.routing.queues.{queueId}.conversations.messages: a full snapshot as of one instant
// (lowercase enums, ISO-8601 times, messages[] with ids, times and statuses).
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "sim/model.hpp"

namespace wmpulse::sim {

boost::json::object render_snapshot(const sim_conversation& c, millis t);

// The queue ids whose topic carries the snapshot at t (every queue it was routed to by then).
std::vector<std::string> snapshot_queues(const sim_conversation& c, millis t);

std::string queue_topic(const std::string& queue_id);

// The notification envelope {topicName, version, eventBody, metadata:{CorrelationId}}.
std::string envelope(const std::string& topic, const boost::json::value& body, const std::string& correlation_id);

}  // namespace wmpulse::sim
