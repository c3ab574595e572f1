#include "events/source_status.hpp"

#include <algorithm>

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

const std::string* source_status::queue_name(std::string_view id) const {
  auto it = std::lower_bound(queue_labels.begin(), queue_labels.end(), id,
                             [](const queue_label& l, std::string_view x) { return l.id < x; });
  return it != queue_labels.end() && it->id == id ? &it->name : nullptr;
}

}  // namespace wmpulse::events
