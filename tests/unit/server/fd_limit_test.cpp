#include "server/fd_limit.hpp"

#include <sys/resource.h>

#include <gtest/gtest.h>

namespace wmpulse::server {
namespace {

TEST(fd_limit, the_soft_limit_is_raised_to_the_hard_limit) {
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
  if (saved.rlim_max < 256) GTEST_SKIP() << "hard limit too low to lower the soft one";
  rlimit lowered{128, saved.rlim_max};
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &lowered), 0);
  auto change = raise_open_file_limit();
  rlimit now{};
  ::getrlimit(RLIMIT_NOFILE, &now);
  ::setrlimit(RLIMIT_NOFILE, &saved);
  EXPECT_TRUE(change.error.empty()) << change.error;
  EXPECT_EQ(change.before, 128u);
  EXPECT_EQ(change.after, saved.rlim_max);
  EXPECT_EQ(now.rlim_cur, saved.rlim_max);
}

}  // namespace
}  // namespace wmpulse::server
