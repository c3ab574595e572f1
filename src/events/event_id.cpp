#include "events/event_id.hpp"

#include <unordered_map>

#include <boost/unordered/unordered_flat_map.hpp>

namespace wmpulse::events {

namespace {

constexpr std::uint64_t fnv_offset = 14695981039346656037ull;

std::uint64_t fnv1a(std::uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

void write_event_id(const session_event& e, std::string& id) {
  id.clear();
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
}

std::string repeat_suffix(int n) { return '#' + std::to_string(n); }

}  // namespace

std::string event_id(const session_event& e) {
  std::string id;
  id.reserve(e.session_id.size() + e.queue_id.size() + 48);
  write_event_id(e, id);
  return id;
}

std::vector<std::string> event_ids(std::span<const session_event> batch) {
  std::vector<std::string> ids;
  ids.reserve(batch.size());
  std::unordered_map<std::string, int> seen;
  for (const auto& e : batch) {
    auto id = event_id(e);
    if (const int n = ++seen[id]; n > 1) id += repeat_suffix(n);
    ids.push_back(std::move(id));
  }
  return ids;
}

std::uint64_t event_id_hash(std::string_view id) { return fnv1a(fnv_offset, id); }

std::vector<std::uint64_t> event_id_hashes(std::span<const session_event> batch) {
  std::vector<std::uint64_t> hashes;
  hashes.reserve(batch.size());
  boost::unordered_flat_map<std::uint64_t, int> seen;
  seen.reserve(batch.size());
  std::string id;
  for (const auto& e : batch) {
    write_event_id(e, id);
    auto h = event_id_hash(id);
    if (const int n = ++seen[h]; n > 1) h = fnv1a(h, repeat_suffix(n));  // FNV-1a goes on where the id ended
    hashes.push_back(h);
  }
  return hashes;
}

}  // namespace wmpulse::events
