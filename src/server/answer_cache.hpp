#pragma once
// The serialized answers to identical requests against one published root, reused while that
// root is current: a new publication drops them all, and the first identical request after it
// computes its answer again. Any thread; a lookup or a store holds the lock for one map access
// and one copy of the answer, never while an answer is computed. Bounded: at most `max_entries`
// answers of at most `max_answer_bytes` each are kept.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "server/graphql_ws_backend.hpp"
#include "server/http_exchange.hpp"

namespace wmpulse::server {

// Moves the answer's body into its shared_body.
inline void share_body(http_answer& a) {
  if (a.shared_body) return;
  a.shared_body = std::make_shared<const std::string>(std::move(a.body));
  a.body.clear();
}

class answer_cache {
public:
  explicit answer_cache(std::size_t max_entries = 256, std::size_t max_answer_bytes = 64 * 1024)
      : max_entries_(max_entries), max_answer_bytes_(max_answer_bytes) {}

  // The answer stored for `key` while `root` was current, if `root` still is the one stored for.
  std::optional<http_answer> find(const published_root& root, std::string_view key) const;
  // Keeps `answer`, with its wire image (response_head.hpp), for `key` and `root`; answers for
  // another root are dropped first. Give it a shared body (see share_body): a reuse then copies
  // a pointer, not the text.
  void store(const published_root& root, std::string key, const http_answer& answer);

  std::uint64_t hits() const;

private:
  struct key_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::size_t max_entries_;
  std::size_t max_answer_bytes_;
  mutable std::mutex mutex_;
  published_root root_;  // held, so that its address is not reused while answers refer to it
  std::unordered_map<std::string, http_answer, key_hash, std::equal_to<>> answers_;
  mutable std::uint64_t hits_ = 0;
};

}  // namespace wmpulse::server
