#include "events/session_event.hpp"

namespace wmpulse::events {

std::string_view to_string(event_kind k) {
  switch (k) {
    case event_kind::connected: return "connected";
    case event_kind::disconnected: return "disconnected";
    case event_kind::message: return "message";
    case event_kind::transferred: return "transferred";
    case event_kind::queued: return "queued";
    case event_kind::answered: return "answered";
    case event_kind::abandoned: return "abandoned";
    case event_kind::agent_ended: return "agent_ended";
    case event_kind::responded: return "responded";
  }
  return "unknown";
}

std::string_view to_string(direction d) {
  switch (d) {
    case direction::inbound: return "inbound";
    case direction::outbound: return "outbound";
    case direction::unknown: break;
  }
  return "unknown";
}

}  // namespace wmpulse::events
