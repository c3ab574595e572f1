#pragma once
// Session id -> slot, as an open-addressing table of 8-byte entries (linear probing,
// backward-shift deletion, load <= 1/2). The ids themselves live in the caller's slots; the
// table keeps only a 32-bit hash tag, which is also where an entry belongs, so growing and
// deleting never rehash a string. One cache line answers most lookups, which keeps the cost
// per event flat from a hundred to millions of open sessions (node-based maps chase pointers).
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "metrics/huge_page_allocator.hpp"

namespace wmpulse::metrics {

template <class SameId>  // bool same_id(std::uint32_t slot, std::string_view id)
class session_index {
public:
  static constexpr std::uint32_t none = UINT32_MAX;

  explicit session_index(SameId same_id) : same_id_(std::move(same_id)), table_(16) {}

  static std::uint32_t tag_of(std::string_view id) {
    return static_cast<std::uint32_t>(std::hash<std::string_view>{}(id) >> 32);
  }

  // Fetches the line of the entry's home and, when the home is not a line's first entry, the
  // next line too: a probe that runs on past the line's end would otherwise wait for it.
  // Always inlined: GCC 12 takes a function whose only effect is a prefetch for a pure one,
  // and drops the calls to it when it has not inlined them first.
  [[gnu::always_inline]] void prefetch(std::uint32_t tag) const {
    const auto home = tag & mask();
    __builtin_prefetch(&table_[home]);
    __builtin_prefetch(&table_[(home + entries_per_line - 1) & mask()]);
  }

  // The slot of the first entry with this tag (without comparing ids), for prefetching.
  std::uint32_t probable_slot(std::uint32_t tag) const {
    for (auto i = tag & mask();; i = (i + 1) & mask()) {
      const auto& e = table_[i];
      if (e.slot == none || e.tag == tag) return e.slot;
    }
  }

  std::uint32_t find(std::string_view id, std::uint32_t tag) const {
    for (auto i = tag & mask();; i = (i + 1) & mask()) {
      const auto& e = table_[i];
      if (e.slot == none) return none;
      if (e.tag == tag && same_id_(e.slot, id)) return e.slot;
    }
  }

  // The id must not be present.
  void insert(std::uint32_t tag, std::uint32_t slot) {
    if ((size_ + 1) * 2 > table_.size()) grow();
    place({tag, slot});
    ++size_;
  }

  // The slot must be present, under this tag.
  void erase(std::uint32_t slot, std::uint32_t tag) {
    auto i = tag & mask();
    while (table_[i].slot != slot) {
      if (table_[i].slot == none) return;
      i = (i + 1) & mask();
    }
    // Shift back the entries of the run that belong at or before the hole.
    for (auto j = (i + 1) & mask(); table_[j].slot != none; j = (j + 1) & mask()) {
      const auto home = table_[j].tag & mask();
      if (((j - home) & mask()) >= ((j - i) & mask())) {
        table_[i] = table_[j];
        i = j;
      }
    }
    table_[i] = entry{};
    --size_;
  }

  std::size_t size() const { return size_; }

private:
  struct entry {
    std::uint32_t tag = 0;
    std::uint32_t slot = none;
  };
  static constexpr std::uint32_t entries_per_line = 64 / sizeof(entry);

  std::uint32_t mask() const { return static_cast<std::uint32_t>(table_.size() - 1); }

  void place(entry e) {
    auto i = e.tag & mask();
    while (table_[i].slot != none) i = (i + 1) & mask();
    table_[i] = e;
  }

  void grow() {
    table_type old(table_.size() * 2);
    old.swap(table_);
    for (const auto& e : old)
      if (e.slot != none) place(e);
  }

  using table_type = std::vector<entry, huge_page_allocator<entry>>;
  SameId same_id_;
  table_type table_;
  std::size_t size_ = 0;
};

}  // namespace wmpulse::metrics
