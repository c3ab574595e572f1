#pragma once
// Memory for one asynchronous operation at a time, reused. An object that starts the same
// operation again and again (a socket's writes) binds its handlers to it
// (`asio::bind_allocator(handler_allocator<>(memory), handler)`), so that the operation's
// state is not a heap allocation each time. Why it matters: a fan-out starts one write on
// each of thousands of sockets before any completes, so each thread's small recycling cache
// does not help, and the heap grew and was trimmed again on every tick.
// An allocation larger than the block, or while it is in use, comes from the heap.
#include <atomic>
#include <cstddef>
#include <new>

namespace wmpulse::net {

template <std::size_t Size>
class handler_memory {
public:
  handler_memory() = default;
  handler_memory(const handler_memory&) = delete;
  handler_memory& operator=(const handler_memory&) = delete;

  void* allocate(std::size_t size) {
    if (size <= Size && !in_use_.exchange(true, std::memory_order_acquire)) return storage_;
    return ::operator new(size);
  }
  // May run on another thread than allocate (Asio frees an operation before it dispatches
  // the handler to the strand).
  void deallocate(void* p) {
    if (p == storage_) {
      in_use_.store(false, std::memory_order_release);
      return;
    }
    ::operator delete(p);
  }

  bool owns(const void* p) const { return p == storage_; }

private:
  alignas(std::max_align_t) std::byte storage_[Size];
  std::atomic<bool> in_use_{false};
};

template <class T, std::size_t Size>
class handler_allocator {
public:
  using value_type = T;
  template <class U>
  struct rebind {
    using other = handler_allocator<U, Size>;
  };
  explicit handler_allocator(handler_memory<Size>& memory) noexcept : memory_(&memory) {}
  template <class U>
  handler_allocator(const handler_allocator<U, Size>& other) noexcept : memory_(other.memory_) {}

  T* allocate(std::size_t n) { return static_cast<T*>(memory_->allocate(sizeof(T) * n)); }
  void deallocate(T* p, std::size_t) noexcept { memory_->deallocate(p); }
  template <class U>
  bool operator==(const handler_allocator<U, Size>& other) const noexcept {
    return memory_ == other.memory_;
  }

private:
  template <class, std::size_t>
  friend class handler_allocator;
  handler_memory<Size>* memory_;
};

}  // namespace wmpulse::net
