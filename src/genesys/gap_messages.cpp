#include "genesys/gap_messages.hpp"

#include <unordered_set>

namespace wmpulse::genesys {

std::vector<gap_fetch> conversations_to_fetch(const std::vector<conversation_snapshot>& rows, const snapshot_differ& differ,
                                             core::millis gap_start) {
  std::vector<gap_fetch> out;
  std::unordered_set<std::string> taken;
  for (const auto& row : rows) {
    const auto counted = differ.messages_counted(row.id);
    if (!counted) continue;
    if (row.conversation_end_ms && *row.conversation_end_ms < gap_start) continue;
    if (row.message_count && *row.message_count <= *counted) continue;
    if (taken.insert(row.id).second) out.push_back({row.id, differ.live_snapshots(row.id)});
  }
  return out;
}

bool still_needed(const gap_fetch& f, const snapshot_differ& differ) {
  return differ.messages_counted(f.id) && differ.live_snapshots(f.id) == f.live_snapshots;
}

}  // namespace wmpulse::genesys
