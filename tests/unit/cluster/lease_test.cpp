#include "cluster/lease.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>

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

// A follower polls a dead holder's entry (last written at wall time `written`) every ttl/4 from
// `first_try`, and takes the lease on the first try after the bucket's TTL let it go: when.
core::millis takeover_time(core::millis written, core::millis first_try, core::millis ttl, bool tells_write_time) {
  core::manual_clock clock(first_try);
  lease l(clock, ttl);
  for (int tries = 0; tries < 100; ++tries) {
    clock.set(std::max(clock.now_ms(), l.next_attempt_at()));
    if (clock.now_ms() >= written + ttl) {
      l.taken(9, clock.now_ms());
      return clock.now_ms();
    }
    l.refused("node-a", clock.now_ms(), tells_write_time ? std::optional<core::millis>(written) : std::nullopt);
  }
  return -1;
}

// Before: a refused node tried again every ttl/4 whatever the holder's entry said, so a dead
// leader's lease was taken up to ttl/4 after it ran out (failover measured at 5.7 s, ttl 5 s).
TEST(lease, a_dead_holders_lease_is_taken_when_its_entry_runs_out_not_at_the_next_poll) {
  const core::millis ttl = 4'000;
  for (core::millis phase = 0; phase < ttl / 4; phase += 97) {
    SCOPED_TRACE("follower's first try " + std::to_string(phase) + " ms after the last write");
    const auto at = takeover_time(10'000, 10'000 + phase, ttl, true);
    EXPECT_GE(at, 10'000 + ttl);
    EXPECT_LE(at, 10'000 + ttl + ttl / 20);
    // Without the write time: polling alone, up to a renewal interval late.
    EXPECT_LE(takeover_time(10'000, 10'000 + phase, ttl, false), 10'000 + ttl + ttl / 4);
  }
}

TEST(lease, a_refused_node_polls_every_quarter_ttl_until_the_holders_entry_is_about_to_run_out) {
  core::manual_clock clock(1'000);
  lease l(clock, 4'000);
  l.refused("node-a", 1'000, 900);  // runs out at 4'900
  EXPECT_EQ(l.next_attempt_at(), 2'000);
  clock.set(4'000);
  l.refused("node-a", 4'000, 900);
  EXPECT_EQ(l.next_attempt_at(), 4'900) << "at the entry's end, not at 5'000";
  // The holder renewed meanwhile: its new write moves the end.
  clock.set(4'900);
  l.refused("node-a", 4'900, 4'200);
  EXPECT_EQ(l.next_attempt_at(), 5'900);
}

TEST(lease, clocks_that_disagree_make_a_try_early_or_late_but_never_a_tight_loop) {
  core::manual_clock clock(10'000);
  lease l(clock, 4'000);
  clock.step_wall(-3'000);  // this node's wall clock 3 s behind the server's
  // Written at server time 9'000, runs out at server 13'000, which this node reads as 6 s away.
  l.refused("node-a", 10'000, 9'000);
  EXPECT_EQ(l.next_attempt_at(), 11'000) << "never later than a quarter ttl";
  // 3 s ahead: the entry seems to have run out already; tried again ttl/20 later, not at once.
  core::manual_clock ahead(20'000);
  lease m(ahead, 4'000);
  ahead.step_wall(3'000);
  m.refused("node-a", 20'000, 19'000);
  EXPECT_EQ(m.next_attempt_at(), 20'200);
  // A node that took the lease forgets the holder's end.
  m.taken(3, 20'200);
  EXPECT_EQ(m.next_attempt_at(), 21'200);
}

TEST(lease, requests_time_out_well_before_the_lease_runs_out) {
  core::manual_clock clock(0);
  lease l(clock, 5'000);
  EXPECT_EQ(l.request_timeout_ms(), 1'000);
  EXPECT_LT(l.ttl_ms() * 3 / 4 + l.request_timeout_ms(), l.ttl_ms());
}

}  // namespace
}  // namespace wmpulse::cluster
