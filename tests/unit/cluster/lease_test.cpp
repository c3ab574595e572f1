#include "cluster/lease.hpp"

#include <gtest/gtest.h>

namespace wmpulse::cluster {
namespace {

TEST(lease, a_new_node_asks_to_take_the_lease_at_once) {
  core::manual_clock clock(1'000);
  lease l(clock, 4'000);
  EXPECT_EQ(l.next_step(), lease_step::take);
  EXPECT_EQ(l.next_attempt_at(), 1'000);
  EXPECT_FALSE(l.holding());
}

TEST(lease, a_taken_lease_is_held_three_quarters_of_the_ttl_after_the_request_was_sent) {
  core::manual_clock clock(1'000);
  lease l(clock, 4'000);
  clock.advance(500);  // the answer came late: the time counts from the request
  l.taken(7, 1'000);
  EXPECT_TRUE(l.holding());
  EXPECT_EQ(l.held_until(), 4'000);
  EXPECT_EQ(l.next_step(), lease_step::renew);
  EXPECT_EQ(l.revision(), 7u);
  EXPECT_EQ(l.next_attempt_at(), 2'000);  // renewed every ttl/4
  clock.set(3'999);
  EXPECT_TRUE(l.holding());
  clock.set(4'000);
  EXPECT_FALSE(l.holding()) << "let go before the bucket's TTL lets another node take it";
}

TEST(lease, a_renewal_moves_the_end_and_the_revision) {
  core::manual_clock clock(0);
  lease l(clock, 4'000);
  l.taken(1, 0);
  clock.set(1'000);
  l.taken(2, 1'000);
  clock.set(3'500);
  EXPECT_TRUE(l.holding());
  EXPECT_EQ(l.revision(), 2u);
}

TEST(lease, unanswered_renewals_lose_the_lease_when_it_runs_out_and_the_next_try_renews_with_the_held_revision) {
  core::manual_clock clock(0);
  lease l(clock, 4'000);
  l.taken(5, 0);
  clock.set(1'000);
  l.failed(1'000);
  EXPECT_TRUE(l.holding());
  clock.set(3'000);
  EXPECT_FALSE(l.holding());
  // Nobody wrote the key since revision 5 unless the update is refused: it is tried again.
  EXPECT_EQ(l.next_step(), lease_step::renew);
  EXPECT_EQ(l.revision(), 5u);
  l.taken(6, 3'000);
  EXPECT_TRUE(l.holding());
}

TEST(lease, a_refusal_means_another_node_holds_it) {
  core::manual_clock clock(0);
  lease l(clock, 4'000);
  l.taken(5, 0);
  clock.set(1'000);
  l.refused("node-b", 1'000);
  EXPECT_FALSE(l.holding()) << "refused: stop at once";
  EXPECT_EQ(l.holder(), "node-b");
  EXPECT_EQ(l.next_step(), lease_step::take);
  EXPECT_EQ(l.next_attempt_at(), 2'000);
}

TEST(lease, requests_time_out_well_before_the_lease_runs_out) {
  core::manual_clock clock(0);
  lease l(clock, 5'000);
  EXPECT_EQ(l.request_timeout_ms(), 1'000);
  EXPECT_LT(l.ttl_ms() * 3 / 4 + l.request_timeout_ms(), l.ttl_ms());
}

}  // namespace
}  // namespace wmpulse::cluster
