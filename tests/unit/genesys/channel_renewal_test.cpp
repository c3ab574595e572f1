#include "genesys/channel_renewal.hpp"

#include <gtest/gtest.h>

namespace wmpulse::genesys {
namespace {

constexpr core::millis hour = 3'600'000;

// A channel of 24 h is renewed ten minutes ahead, on the steady clock, and again a lifetime
// after each resubscription; a wall clock step in between changes nothing.
TEST(channel_renewal, renews_a_margin_before_expiry_on_the_steady_clock) {
  core::manual_clock clock(1'700'000'000'000);
  const auto created_wall = clock.now_ms(), created_steady = clock.steady_ms();
  auto plan = plan_renewal(created_wall + 24 * hour, created_wall, created_steady);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->lifetime_ms, 24 * hour);
  clock.step_wall(-2 * hour);  // wall time steps back: the schedule does not move
  clock.advance(24 * hour - default_renewal_margin_ms - 1);
  EXPECT_LT(clock.steady_ms(), plan->renew_at);
  clock.advance(1);
  EXPECT_EQ(clock.steady_ms(), plan->renew_at);
  const auto next = renewed(*plan, clock.steady_ms());
  EXPECT_EQ(next.renew_at, clock.steady_ms() + 24 * hour - default_renewal_margin_ms);
}

// Short lifetimes (the simulator's --channel-ttl) renew a quarter ahead.
TEST(channel_renewal, short_lifetimes_renew_a_quarter_ahead) {
  core::manual_clock clock(5'000);
  auto plan = plan_renewal(clock.now_ms() + 4'000, clock.now_ms(), clock.steady_ms());
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->renew_at, clock.steady_ms() + 3'000);
}

TEST(channel_renewal, no_plan_without_a_usable_expiry) {
  EXPECT_FALSE(plan_renewal(std::nullopt, 1'000, 0));
  EXPECT_FALSE(plan_renewal(1'000, 1'000, 0));
  EXPECT_FALSE(plan_renewal(500, 1'000, 0));
}

TEST(channel_renewal, repeated_upgrade_failures_give_the_channel_up) {
  upgrade_failures f(3);
  EXPECT_FALSE(f.failed(false));
  EXPECT_FALSE(f.failed(false));
  EXPECT_TRUE(f.failed(false));  // the third in a row, whatever the status
  EXPECT_EQ(f.in_a_row(), 0);
  EXPECT_FALSE(f.failed(false));
  f.succeeded();
  EXPECT_FALSE(f.failed(false));
  EXPECT_FALSE(f.failed(false));
  EXPECT_TRUE(f.failed(true));  // gone: at once
}

}  // namespace
}  // namespace wmpulse::genesys
