#include "net/trampoline_executor.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <functional>
#include <thread>

namespace wmpulse::net {
namespace {

TEST(trampoline_executor, a_post_from_its_handler_runs_right_after_it_before_what_was_queued_meanwhile) {
  asio::io_context ioc;
  auto ex = make_trampoline(ioc);
  std::string order;
  asio::post(ex, [&] {
    order += "1";
    asio::post(ioc, [&] { order += "q"; });  // queued in the io_context
    asio::post(ex, [&] { order += "2"; });
  });
  ioc.run();
  EXPECT_EQ(order, "12q");
}

TEST(trampoline_executor, a_handler_posting_forever_lets_the_io_context_run_others_in_between) {
  asio::io_context ioc;
  auto ex = make_trampoline(ioc);
  int posts = 0;
  int posts_when_other_ran = -1;
  std::function<void()> again = [&] {
    if (++posts < 2000) asio::post(ex, again);
  };
  asio::post(ex, again);
  asio::post(ioc, [&] { posts_when_other_ran = posts; });
  ioc.run();
  EXPECT_EQ(posts, 2000);
  EXPECT_GT(posts_when_other_ran, 0);
  EXPECT_LT(posts_when_other_ran, 2000);
  EXPECT_LE(posts_when_other_ran, static_cast<int>(trampoline_detail::max_run) + 1);
}

TEST(trampoline_executor, what_a_throwing_handler_posted_still_runs) {
  asio::io_context ioc;
  auto ex = make_trampoline(ioc);
  bool ran = false;
  asio::post(ex, [&] {
    asio::post(ex, [&] { ran = true; });
    throw std::runtime_error("handler failed");
  });
  EXPECT_THROW(ioc.run(), std::runtime_error);
  ioc.restart();
  ioc.run();
  EXPECT_TRUE(ran);
}

TEST(trampoline_executor, a_dispatch_on_the_io_context_thread_runs_at_once_and_a_post_from_elsewhere_is_queued) {
  asio::io_context ioc;
  auto ex = make_trampoline(ioc);
  bool dispatched = false;
  asio::post(ex, [&] {
    asio::dispatch(ex, [&] { dispatched = true; });
    EXPECT_TRUE(dispatched);
  });
  ioc.run();
  EXPECT_TRUE(dispatched);
  ioc.restart();
  bool from_thread = false;
  std::thread([&] { asio::post(ex, [&] { from_thread = true; }); }).join();
  EXPECT_FALSE(from_thread);
  ioc.run();
  EXPECT_TRUE(from_thread);
}

// A coroutine on it awaits timers and I/O like one on the io_context's own executor.
TEST(trampoline_executor, a_coroutine_spawned_on_it_awaits_a_timer) {
  asio::io_context ioc;
  bool done = false;
  asio::co_spawn(asio::any_io_executor(make_trampoline(ioc)), [&]() -> asio::awaitable<void> {
    asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(1));
    co_await t.async_wait(asio::use_awaitable);
    done = true;
  }, asio::detached);
  ioc.run_for(std::chrono::seconds(5));
  EXPECT_TRUE(done);
}

}  // namespace
}  // namespace wmpulse::net
