#pragma once
// An executor over an io_context's that runs what a handler posts, on the same thread, right
// after that handler returns: a loop on this thread instead of one pass through the
// io_context's queue per post. Each pass through the queue polls the reactor (epoll_wait), and
// Beast completes a websocket read of a frame it already holds by posting: on a stream of small
// frames that poll was 45 % of the ingest thread. A loop runs at most `max_run` posts, then
// hands the rest to the io_context, so timers and other sockets still get their turn.
// Everything else (work tracking, allocator, context) is the inner executor's.
#include <cstddef>
#include <deque>
#include <memory>
#include <type_traits>
#include <utility>

#include "net/net.hpp"

namespace wmpulse::net {

namespace trampoline_detail {

struct task {
  virtual ~task() = default;
  virtual void run() = 0;
};

template <class F>
struct task_of final : task {
  explicit task_of(F f) : f_(std::move(f)) {}
  void run() override { f_(); }
  F f_;
};

using task_queue = std::deque<std::unique_ptr<task>>;

// The loop running on this thread, if any: the context it is for and what was posted in it.
struct loop {
  const asio::execution_context* context;
  task_queue tasks;
};

inline thread_local loop* current = nullptr;
inline constexpr std::size_t max_run = 256;

template <class Inner>
void run_loop(const Inner& inner, task_queue tasks);

// Hands tasks to the io_context, to run in order in a loop of their own.
template <class Inner>
void post_loop(const Inner& inner, task_queue tasks) {
  asio::execution::execute(asio::require(inner, asio::execution::blocking.never),
                           [inner, tasks = std::move(tasks)]() mutable { run_loop(inner, std::move(tasks)); });
}

// Makes a loop this thread's current one; at its end (after max_run tasks, or when one threw)
// hands what it did not run to the io_context.
template <class Inner>
class loop_scope {
public:
  loop_scope(const Inner& inner, loop& l) : inner_(inner), loop_(l), outer_(current) { current = &l; }
  ~loop_scope() {
    current = outer_;
    if (!loop_.tasks.empty()) post_loop(inner_, std::move(loop_.tasks));
  }
  loop_scope(const loop_scope&) = delete;
  loop_scope& operator=(const loop_scope&) = delete;

private:
  const Inner& inner_;
  loop& loop_;
  loop* outer_;
};

template <class Inner>
void run_loop(const Inner& inner, task_queue tasks) {
  loop l{&asio::query(inner, asio::execution::context), std::move(tasks)};
  loop_scope<Inner> scope(inner, l);
  for (std::size_t n = 0; n < max_run && !l.tasks.empty(); ++n) {
    auto t = std::move(l.tasks.front());
    l.tasks.pop_front();
    t->run();
  }
}

}  // namespace trampoline_detail

template <class Inner>
class trampoline_executor {
public:
  explicit trampoline_executor(Inner inner, bool never_blocking = false) noexcept
      : inner_(std::move(inner)), never_(never_blocking) {}

  template <class F>
  void execute(F&& f) const {
    using namespace trampoline_detail;
    const bool in_loop = current && current->context == &asio::query(inner_, asio::execution::context);
    if (in_loop && !never_) return std::decay_t<F>(std::forward<F>(f))();
    auto t = std::make_unique<task_of<std::decay_t<F>>>(std::forward<F>(f));
    if (in_loop) return current->tasks.push_back(std::move(t));
    task_queue first;
    first.push_back(std::move(t));
    if (!never_ && inner_.running_in_this_thread()) return run_loop(inner_, std::move(first));
    post_loop(inner_, std::move(first));
  }

  asio::execution::blocking_t query(asio::execution::blocking_t) const noexcept {
    return never_ ? asio::execution::blocking_t(asio::execution::blocking.never)
                  : asio::execution::blocking_t(asio::execution::blocking.possibly);
  }
  template <class Property>
  auto query(const Property& p) const -> decltype(asio::query(std::declval<const Inner&>(), p)) {
    return asio::query(inner_, p);
  }

  trampoline_executor require(asio::execution::blocking_t::never_t) const { return trampoline_executor(inner_, true); }
  trampoline_executor require(asio::execution::blocking_t::possibly_t) const { return trampoline_executor(inner_, false); }
  template <class Property>
  auto require(const Property& p) const
      -> trampoline_executor<std::decay_t<decltype(asio::require(std::declval<const Inner&>(), p))>> {
    return trampoline_executor<std::decay_t<decltype(asio::require(inner_, p))>>(asio::require(inner_, p), never_);
  }

  bool running_in_this_thread() const noexcept { return inner_.running_in_this_thread(); }
  friend bool operator==(const trampoline_executor& a, const trampoline_executor& b) noexcept {
    return a.inner_ == b.inner_ && a.never_ == b.never_;
  }
  friend bool operator!=(const trampoline_executor& a, const trampoline_executor& b) noexcept { return !(a == b); }

private:
  template <class>
  friend class trampoline_executor;
  Inner inner_;
  bool never_;
};

inline auto make_trampoline(asio::io_context& ioc) {
  return trampoline_executor<asio::io_context::executor_type>(ioc.get_executor());
}

}  // namespace wmpulse::net
