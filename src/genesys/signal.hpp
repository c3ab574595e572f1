#pragma once
// A level-free wake-up for coroutines on one executor: wait() suspends until the next notify().
// Waiters re-check their condition after waking.
#include <memory>

#include "net/net.hpp"

namespace wmpulse::genesys {

class wake_signal {
public:
  explicit wake_signal(net::asio::any_io_executor ex) : ex_(std::move(ex)) { renew(); }

  void notify() {
    timer_->cancel();
    renew();
  }

  net::asio::awaitable<void> wait() {
    auto t = timer_;  // survives notify() replacing it
    co_await t->async_wait(net::asio::as_tuple(net::asio::use_awaitable));
  }

private:
  void renew() {
    timer_ = std::make_shared<net::asio::steady_timer>(ex_, net::asio::steady_timer::time_point::max());
  }
  net::asio::any_io_executor ex_;
  std::shared_ptr<net::asio::steady_timer> timer_;
};

}  // namespace wmpulse::genesys
