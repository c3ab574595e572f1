#include "events/event_id.hpp"

#include <unordered_map>

namespace wmpulse::events {

std::string event_id(const session_event& e) {
  std::string id;
  id.reserve(e.session_id.size() + e.queue_id.size() + 48);
  id += e.session_id;
  id += '/';
  id += to_string(e.kind);
  id += '/';
  id += std::to_string(e.time_ms);
  id += '/';
  id += std::to_string(e.start_ms);
  id += '/';
  id += to_string(e.dir);
  if (e.first_response) id += "/first";
  if (!e.queue_id.empty()) {
    id += '/';
    id += e.queue_id;
  }
  return id;
}

std::vector<std::string> event_ids(std::span<const session_event> batch) {
  std::vector<std::string> ids;
  ids.reserve(batch.size());
  std::unordered_map<std::string, int> seen;
  for (const auto& e : batch) {
    auto id = event_id(e);
    if (const int n = ++seen[id]; n > 1) id += '#' + std::to_string(n);
    ids.push_back(std::move(id));
  }
  return ids;
}

std::uint64_t event_id_hash(std::string_view id) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : id) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace wmpulse::events
