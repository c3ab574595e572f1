#pragma once
// A level-free wake-up for coroutines on one executor: wait() suspends until the next notify()
// (a notify() with no one waiting is not remembered), and one notify() wakes every waiter.
// Waiters re-check their condition after waking. A steady_timer that never expires, cancelled.
#include <memory>

#include "net/net.hpp"

namespace wmpulse::net {

class wake_signal {
public:
  explicit wake_signal(asio::any_io_executor ex) : ex_(std::move(ex)) { renew(); }

  void notify() {
    timer_->cancel();
    renew();
  }

  asio::awaitable<void> wait() {
    auto t = timer_;  // survives notify() replacing it
    co_await t->async_wait(asio::as_tuple(asio::use_awaitable));
  }

private:
  void renew() {
    timer_ = std::make_shared<asio::steady_timer>(ex_, asio::steady_timer::time_point::max());
  }
  asio::any_io_executor ex_;
  std::shared_ptr<asio::steady_timer> timer_;
};

}  // namespace wmpulse::net
