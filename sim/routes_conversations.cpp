// GET /api/v2/conversations/messages/{conversationId} (ConversationsApi.getConversationsMessage,
// facts §7.5): the conversation as a MessageConversation, as of what the simulator has published
// so far (its watermark). The participants are those of the queue topic's snapshot (the SDK's
// MessageMediaParticipant); a messages[] entry names its id `messageId` (MessageDetails).
// Behind the same token check, rate limit and faults as every /api/v2 route (router.cpp).
#include "sim/routes.hpp"
#include "sim/simulator.hpp"
#include "sim/snapshot.hpp"

namespace wmpulse::sim {
namespace {
constexpr std::string_view prefix = "/api/v2/conversations/messages/";
}

answer route_conversations(simulator& sim, const net::http_request_view& r) {
  const std::string_view id = r.path().substr(prefix.size());
  // `/messages/{id}/messages/{messageId}` (a message's text) is not simulated.
  if (!r.path().starts_with(prefix) || id.empty() || id.find('/') != std::string_view::npos)
    return genesys_error(404, "not.found", "The requested resource was not found.");
  if (r.method != "GET") return genesys_error(405, "method.not.allowed", "Method not allowed");
  const millis now = sim.line().watermark();
  for (const auto& c : sim.line().work().conversations()) {
    if (c.id != id || c.customer().start > now) continue;
    return json_answer(200, render_snapshot(c, now, message_form::rest));
  }
  return genesys_error(404, "not.found", "The requested resource was not found.");
}

}  // namespace wmpulse::sim
