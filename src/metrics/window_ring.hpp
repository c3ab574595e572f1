#pragma once
// The window's contents: one record per message and per ended session, filed under the
// millisecond it happened in a ring of window_ms slots. Adding is O(1); expiring costs one
// slot visit per millisecond that now advances (at most window_ms per advance) plus O(1) per
// record expired. Records live in a pool with a free list, so memory follows the records in
// the window, up to a cap.
#include <cstdint>
#include <vector>

#include "core/clock.hpp"
#include "metrics/huge_page_allocator.hpp"

namespace wmpulse::metrics {

enum class record_kind : std::uint8_t {
  message_unknown, message_inbound, message_outbound, ended,
  offered, answered, abandoned, handled, first_response, agent_response,  // duration: the span measured
  answered_in_target  // an answer within its queue's service level target (decided when it is recorded)
};

// 16 bytes: the kind shares a word with the queue (queues are capped below 2^28).
struct window_record {
  window_record() = default;
  window_record(std::int64_t duration, std::uint32_t queue_index, record_kind k)
      : duration_ms(duration), queue(queue_index & queue_mask), kind_bits(static_cast<std::uint32_t>(k)) {}

  record_kind kind() const { return static_cast<record_kind>(kind_bits); }

  static constexpr std::uint32_t queue_mask = (1u << 28) - 1;
  std::int64_t duration_ms = 0;  // ended sessions and the contact-centre spans
  std::uint32_t next = 0;
  std::uint32_t queue : 28 = 0;  // 0 = no queue
  std::uint32_t kind_bits : 4 = 0;
};
static_assert(sizeof(window_record) == 16);

class window_ring {
public:
  window_ring(core::millis window_ms, std::size_t max_records);

  // False when the pool is full (the caller counts the refusal). `at` must be in the window.
  bool add(core::millis at, const window_record& r);

  // Expires every record stamped in (from - window, to - window] and calls on_expire for each.
  template <class F>
  void advance(core::millis from, core::millis to, F&& on_expire);

  // Now moves back from `from` to `to` (a wall clock stepped back): drops every record stamped
  // in (to, from], which the window no longer reaches, calling on_expire for each.
  template <class F>
  void rewind(core::millis from, core::millis to, F&& on_expire);
  std::size_t size() const { return live_; }

private:
  static constexpr std::uint32_t none = UINT32_MAX;
  std::size_t slot_of(core::millis t) const;
  template <class F>
  void clear_slot(std::size_t slot, F& on_expire);

  core::millis window_ms_;
  std::size_t max_records_;
  std::vector<std::uint32_t> heads_;
  std::vector<window_record, huge_page_allocator<window_record>> pool_;  // walked in no order
  std::uint32_t free_head_ = none;
  std::size_t live_ = 0;
};

template <class F>
void window_ring::clear_slot(std::size_t slot, F& on_expire) {
  for (auto i = heads_[slot]; i != none;) {
    auto& r = pool_[i];
    on_expire(r);
    const auto next = r.next;
    r.next = free_head_;
    free_head_ = i;
    --live_;
    i = next;
  }
  heads_[slot] = none;
}

template <class F>
void window_ring::advance(core::millis from, core::millis to, F&& on_expire) {
  if (to <= from || live_ == 0) return;
  if (to - from >= window_ms_) {
    for (std::size_t s = 0; s < heads_.size(); ++s) clear_slot(s, on_expire);
    return;
  }
  auto slot = slot_of(from + 1 - window_ms_);
  for (auto t = from + 1; t <= to; ++t) {
    clear_slot(slot, on_expire);
    if (++slot == heads_.size()) slot = 0;
  }
}

template <class F>
void window_ring::rewind(core::millis from, core::millis to, F&& on_expire) {
  if (to >= from || live_ == 0) return;
  if (from - to >= window_ms_) {
    for (std::size_t s = 0; s < heads_.size(); ++s) clear_slot(s, on_expire);
    return;
  }
  auto slot = slot_of(to + 1);
  for (auto t = to + 1; t <= from; ++t) {
    clear_slot(slot, on_expire);
    if (++slot == heads_.size()) slot = 0;
  }
}

}  // namespace wmpulse::metrics
