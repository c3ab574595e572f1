#pragma once
// Time behind an interface so that every time-dependent class can be driven by a manual clock
// in tests. Two readings: the wall clock (milliseconds since the Unix epoch, may step back or
// forward when the host's time is set) for timestamps and windows, and a monotonic one for
// pacing, timeouts and intervals, which never steps.
#include <atomic>
#include <cstdint>

namespace wmpulse::core {

using millis = std::int64_t;  // milliseconds since 1970-01-01T00:00:00Z

class clock {
public:
  virtual ~clock() = default;
  virtual millis now_ms() const = 0;
  // Monotonic milliseconds from an arbitrary origin: only differences mean anything.
  virtual millis steady_ms() const = 0;
};

// The wall clock (std::chrono::system_clock).
class system_clock final : public clock {
public:
  millis now_ms() const override;
  millis steady_ms() const override;  // std::chrono::steady_clock
  static const system_clock& instance();
};

// A clock that moves only when told to. Safe to read from other threads.
// advance() lets time pass (both readings move); step_wall() is the host's time being set
// (only the wall reading moves, as with NTP or an operator); set() moves the wall reading to
// `t` and lets the monotonic one pass by as much when that is forward.
class manual_clock final : public clock {
public:
  explicit manual_clock(millis start = 0) : now_(start), steady_(start) {}
  millis now_ms() const override { return now_.load(std::memory_order_acquire); }
  millis steady_ms() const override { return steady_.load(std::memory_order_acquire); }
  void set(millis t) {
    millis before = now_.exchange(t, std::memory_order_acq_rel);
    if (t > before) steady_.fetch_add(t - before, std::memory_order_acq_rel);
  }
  void advance(millis d) {
    now_.fetch_add(d, std::memory_order_acq_rel);
    steady_.fetch_add(d, std::memory_order_acq_rel);
  }
  void step_wall(millis delta) { now_.fetch_add(delta, std::memory_order_acq_rel); }

private:
  std::atomic<millis> now_;
  std::atomic<millis> steady_;
};

}  // namespace wmpulse::core
