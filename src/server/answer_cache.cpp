#include "server/answer_cache.hpp"

#include "server/response_head.hpp"

namespace wmpulse::server {

std::optional<http_answer> answer_cache::find(const published_root& root, std::string_view key) const {
  std::lock_guard lock(mutex_);
  if (!root || root != root_) return std::nullopt;
  auto it = answers_.find(key);
  if (it == answers_.end()) return std::nullopt;
  ++hits_;
  return it->second;
}

void answer_cache::store(const published_root& root, std::string key, const http_answer& answer) {
  if (!root || answer.body_view().size() > max_answer_bytes_) return;
  http_answer kept = answer;
  kept.wire = keep_alive_wire(kept);  // the head built once, for every reuse
  published_root dropped;  // released after the lock
  std::lock_guard lock(mutex_);
  if (root != root_) {
    answers_.clear();
    dropped = std::exchange(root_, root);
  }
  if (answers_.size() >= max_entries_) return;
  answers_.emplace(std::move(key), std::move(kept));
}

std::uint64_t answer_cache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

}  // namespace wmpulse::server
