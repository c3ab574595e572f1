#include "net/wake_signal.hpp"

#include <gtest/gtest.h>

namespace wmpulse::net {
namespace {

asio::awaitable<void> wait_and_count(wake_signal& s, int& woken) {
  co_await s.wait();
  ++woken;
}

TEST(wake_signal, one_notify_wakes_every_waiter) {
  asio::io_context ioc;
  wake_signal s(ioc.get_executor());
  int woken = 0;
  asio::co_spawn(ioc, wait_and_count(s, woken), asio::detached);
  asio::co_spawn(ioc, wait_and_count(s, woken), asio::detached);
  ioc.poll();
  EXPECT_EQ(woken, 0);  // waiting
  s.notify();
  ioc.poll();
  EXPECT_EQ(woken, 2);
}

TEST(wake_signal, a_notify_with_no_waiter_is_not_remembered) {
  asio::io_context ioc;
  wake_signal s(ioc.get_executor());
  s.notify();
  int woken = 0;
  asio::co_spawn(ioc, wait_and_count(s, woken), asio::detached);
  ioc.poll();
  EXPECT_EQ(woken, 0);
  s.notify();
  ioc.poll();
  EXPECT_EQ(woken, 1);
}

TEST(wake_signal, a_waiter_after_a_notify_waits_for_the_next_one) {
  asio::io_context ioc;
  wake_signal s(ioc.get_executor());
  int woken = 0;
  asio::co_spawn(ioc, wait_and_count(s, woken), asio::detached);
  ioc.poll();
  s.notify();
  asio::co_spawn(ioc, wait_and_count(s, woken), asio::detached);
  ioc.poll();
  EXPECT_EQ(woken, 1);
  s.notify();
  ioc.poll();
  EXPECT_EQ(woken, 2);
}

}  // namespace
}  // namespace wmpulse::net
