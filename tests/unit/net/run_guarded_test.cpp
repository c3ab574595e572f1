#include "net/run_guarded.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

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

}  // namespace
}  // namespace wmpulse::net
