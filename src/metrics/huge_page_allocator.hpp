#pragma once
// An allocator for the large, randomly accessed arrays (session records, the session index,
// the window's record pool): blocks of 2 MiB or more are 2 MiB-aligned and marked for
// transparent huge pages, so that a lookup among millions of sessions costs a cache miss but
// rarely a TLB miss as well.
#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>

namespace wmpulse::metrics {

template <class T>
struct huge_page_allocator {
  using value_type = T;
  static constexpr std::size_t huge = std::size_t{2} << 20;

  huge_page_allocator() = default;
  template <class U>
  huge_page_allocator(const huge_page_allocator<U>&) {}

  T* allocate(std::size_t n) {
    const auto bytes = n * sizeof(T);
    if (bytes < huge) return static_cast<T*>(::operator new(bytes, std::align_val_t{alignof(T)}));
    const auto rounded = (bytes + huge - 1) / huge * huge;
    void* p = std::aligned_alloc(huge, rounded);
    if (p == nullptr) throw std::bad_alloc();
    ::madvise(p, rounded, MADV_HUGEPAGE);  // advice only: without THP it is ordinary memory
    return static_cast<T*>(p);
  }

  void deallocate(T* p, std::size_t n) {
    if (n * sizeof(T) < huge) ::operator delete(p, std::align_val_t{alignof(T)});
    else std::free(p);
  }

  template <class U>
  bool operator==(const huge_page_allocator<U>&) const { return true; }
};

}  // namespace wmpulse::metrics
