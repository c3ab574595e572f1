#pragma once
// What the aggregator remembers of a session's contact-centre spans (queue visits, agent
// parts, replies), and the waiting/interacting state it implies. docs/METRICS.md "Queue figures".
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/clock.hpp"

namespace wmpulse::metrics {

inline constexpr core::millis no_time = std::numeric_limits<core::millis>::min();

enum class contact_state : std::uint8_t { none, waiting, interacting };

// The gauge a session is counted in: its state, since when it waits, and in which queue.
struct gauge {
  core::millis since = 0;
  std::uint32_t queue = 0;
  contact_state state = contact_state::none;
  friend bool operator==(const gauge&, const gauge&) = default;
};

// The latest span of each kind seen for one session life (each a maximum, so the state does
// not depend on the order the events came in); an event for a span at or before the latest of
// its kind is stale.
struct contact_record {
  core::millis queued = no_time;           // latest queue entry
  core::millis answered_entry = no_time;   // entry of the latest answered visit
  core::millis answered_at = no_time;      // when its agent connected
  core::millis abandoned_entry = no_time;  // entry of the latest abandoned visit
  core::millis handled_start = no_time;    // agent connect of the latest ended agent part
  // The customer messages replied to: the two latest, exactly, and a floor at or below which
  // all count as seen (the newest dropped from the two). A reply that arrives after at most two
  // later ones of its session is still counted (a cluster's stream can hold replies out of order).
  core::millis responded_to = no_time;
  core::millis responded_before = no_time;
  core::millis responded_floor = no_time;
  gauge counted;                           // the gauge the aggregator counts it in
  std::uint32_t waits = 0;                 // times it was filed in a waiting heap

  // The latest visit: waiting from its entry until it is answered or abandoned, then
  // interacting until that agent's part ends.
  contact_state state(core::millis& since) const {
    const auto entry = latest_entry();
    since = entry;
    if (entry == no_time || abandoned_entry == entry) return contact_state::none;
    if (answered_entry == entry) return handled_start >= answered_at ? contact_state::none : contact_state::interacting;
    return contact_state::waiting;
  }
  core::millis latest_entry() const { return std::max({queued, answered_entry, abandoned_entry}); }
};
static_assert(sizeof(contact_record) == 88);

// The waiting sessions of one queue, oldest entry first: a binary heap with lazy deletion
// (an entry is dropped when it reaches the top and no longer matches its session's counted
// gauge). Pushing costs O(log n); the heap is rebuilt from its valid entries whenever it holds
// more than twice the waiting sessions plus 16, so its size stays O(waiting) and each stale
// entry is removed once: O(1) amortized.
struct waiting_entry {
  core::millis since;
  std::uint32_t slot;
  std::uint32_t generation;
  std::uint32_t wait;  // the session's `waits` when filed: a session is filed afresh each time it starts waiting
};

class waiting_heap {
public:
  std::int64_t live = 0;  // sessions counted waiting in this queue

  template <class Valid>
  void push(const waiting_entry& e, Valid&& valid) {
    entries_.push_back(e);
    std::push_heap(entries_.begin(), entries_.end(), later);
    if (entries_.size() > 2 * static_cast<std::size_t>(live) + 16) {
      std::erase_if(entries_, [&](const waiting_entry& x) { return !valid(x); });
      std::make_heap(entries_.begin(), entries_.end(), later);
    }
  }

  // The oldest valid entry's `since`, or no_time when none waits.
  template <class Valid>
  core::millis oldest(Valid&& valid) {
    while (!entries_.empty() && !valid(entries_.front())) {
      std::pop_heap(entries_.begin(), entries_.end(), later);
      entries_.pop_back();
    }
    return entries_.empty() ? no_time : entries_.front().since;
  }

private:
  static bool later(const waiting_entry& a, const waiting_entry& b) { return a.since > b.since; }
  std::vector<waiting_entry> entries_;
};

}  // namespace wmpulse::metrics
