#pragma once
// Time as milliseconds since the Unix epoch, behind an interface so that every
// time-dependent class can be driven by a manual clock in tests.
#include <atomic>
#include <cstdint>

namespace wmpulse::core {

using millis = std::int64_t;  // milliseconds since 1970-01-01T00:00:00Z

class clock {
public:
  virtual ~clock() = default;
  virtual millis now_ms() const = 0;
};

// The wall clock (std::chrono::system_clock).
class system_clock final : public clock {
public:
  millis now_ms() const override;
  static const system_clock& instance();
};

// A clock that moves only when told to. Safe to read from other threads.
class manual_clock final : public clock {
public:
  explicit manual_clock(millis start = 0) : now_(start) {}
  millis now_ms() const override { return now_.load(std::memory_order_acquire); }
  void set(millis t) { now_.store(t, std::memory_order_release); }
  void advance(millis d) { now_.fetch_add(d, std::memory_order_acq_rel); }

private:
  std::atomic<millis> now_;
};

}  // namespace wmpulse::core
