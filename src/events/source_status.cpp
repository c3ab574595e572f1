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

std::string_view to_string(node_role r) {
  switch (r) {
    case node_role::single: return "single";
    case node_role::leader: return "leader";
    case node_role::follower: return "follower";
  }
  return "unknown";
}

readiness readiness_of(const source_status& s) {
  readiness r;
  if (s.state != connection_state::connected)
    r.reasons.push_back("source " + (s.source_kind.empty() ? std::string("(none yet)") : s.source_kind) + " is " +
                        std::string(to_string(s.state)));
  if (!s.initial_recovery_done) r.reasons.emplace_back("initial recovery not done");
  r.ready = r.reasons.empty();
  return r;
}

const std::string* source_status::queue_name(std::string_view id) const {
  auto it = std::lower_bound(queue_labels.begin(), queue_labels.end(), id,
                             [](const queue_label& l, std::string_view x) { return l.id < x; });
  return it != queue_labels.end() && it->id == id ? &it->name : nullptr;
}

}  // namespace wmpulse::events
