#include "events/source_status.hpp"

namespace wmpulse::events {

std::string_view to_string(connection_state s) {
  switch (s) {
    case connection_state::starting: return "starting";
    case connection_state::connecting: return "connecting";
    case connection_state::connected: return "connected";
    case connection_state::reconnecting: return "reconnecting";
    case connection_state::stopped: return "stopped";
    case connection_state::failed: return "failed";
  }
  return "unknown";
}

}  // namespace wmpulse::events
