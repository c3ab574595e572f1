#include "net/run_guarded.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace wmpulse::net {
namespace {

TEST(run_guarded, a_handler_that_throws_is_logged_and_the_loop_goes_on) {
  asio::io_context ioc;
  int ran_after = 0;
  asio::post(ioc, [] { throw std::runtime_error("boom"); });
  asio::post(ioc, [&] { ++ran_after; });
  asio::post(ioc, [] { throw 42; });  // not even a std::exception
  asio::post(ioc, [&] { ++ran_after; });
  EXPECT_EQ(run_guarded(ioc, "test"), 2u);
  EXPECT_EQ(ran_after, 2);
}

TEST(run_guarded, returns_when_the_context_is_stopped) {
  asio::io_context ioc;
  auto work = asio::make_work_guard(ioc);
  asio::post(ioc, [&] { ioc.stop(); });
  EXPECT_EQ(run_guarded(ioc, "test"), 0u);
}

asio::awaitable<void> throws_runtime_error() {
  co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
  throw std::runtime_error("boom");
}
asio::awaitable<void> throws_an_int() {
  co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
  throw 42;
}
asio::awaitable<void> ends_well(int& ran) {
  ++ran;
  co_return;
}

TEST(co_spawn_guarded, what_escapes_goes_to_the_handler) {
  asio::io_context ioc;
  std::vector<std::string> escaped;
  auto record = [&](std::string_view why) { escaped.emplace_back(why); };
  int ran = 0;
  co_spawn_guarded(ioc.get_executor(), throws_runtime_error(), record);
  co_spawn_guarded(ioc.get_executor(), throws_an_int(), record);
  co_spawn_guarded(ioc.get_executor(), ends_well(ran), record);
  EXPECT_EQ(run_guarded(ioc, "test"), 0u);  // nothing reached the loop
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(escaped, (std::vector<std::string>{"boom", "unknown exception"}));
}

TEST(co_spawn_logged, what_escapes_is_logged_with_the_component_and_what_ended) {
  asio::io_context ioc;
  co_spawn_logged(ioc.get_executor(), throws_runtime_error(), "unit", "the task ended");
  ::testing::internal::CaptureStderr();
  ioc.run();
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("[unit] the task ended: boom"), std::string::npos) << log;
}

}  // namespace
}  // namespace wmpulse::net
