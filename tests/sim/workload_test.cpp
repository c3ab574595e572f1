#include <gtest/gtest.h>

#include <set>

#include "sim/timeline.hpp"

namespace wmpulse::sim {
namespace {

workload_config config(std::uint64_t seed) {
  workload_config c;
  c.seed = seed;
  c.start_ms = 1'700'000'000'000;
  c.web_per_minute = 60;
  c.duration_ms = 30 * 60'000;
  return c;
}

std::vector<std::pair<millis, std::string>> run(timeline& t, millis step) {
  std::vector<std::pair<millis, std::string>> out;
  const millis end = t.work().config().start_ms + t.work().config().duration_ms;
  for (millis now = t.work().config().start_ms; now <= end + step; now += step)
    for (const auto& c : t.advance(now)) out.emplace_back(c.time, t.work().conversations()[c.conversation].id);
  return out;
}

TEST(workload, same_seed_gives_same_changes_whatever_the_step) {
  timeline a(config(7)), b(config(7));
  EXPECT_EQ(run(a, 1'000), run(b, 37'000));
  EXPECT_TRUE(a.finished());
}

TEST(workload, other_seed_gives_other_conversations) {
  timeline a(config(7)), b(config(8));
  run(a, 10'000);
  run(b, 10'000);
  EXPECT_NE(a.work().conversations().front().id, b.work().conversations().front().id);
}

TEST(workload, queues_have_distinct_names_as_a_contact_centre_gives_them) {
  auto c = config(7);
  c.queues = 25;
  workload w(c);
  std::set<std::string> names;
  for (const auto& q : w.queues()) {
    EXPECT_FALSE(q.name.empty());
    EXPECT_EQ(q.name.find("Queue"), std::string::npos) << q.name;
    names.insert(q.name);
  }
  EXPECT_EQ(names.size(), w.queues().size());
  EXPECT_EQ(w.queues().front().name, "Billing");
}

TEST(workload, rate_types_transfers_and_messages_are_realistic) {
  timeline t(config(3));
  run(t, 60'000);
  std::size_t web = 0, other = 0, transferred = 0, inbound = 0, outbound = 0;
  std::set<std::string> types;
  for (const auto& c : t.work().conversations()) {
    (c.web() ? web : other) += 1;
    types.insert(c.messaging_type);
    std::size_t acds = 0;
    for (const auto& p : c.participants) acds += p.purpose == "acd";
    transferred += acds > 1;
    for (const auto& m : c.messages) (m.dir == msg_dir::inbound ? inbound : outbound) += 1;
    ASSERT_EQ(c.participants.front().purpose, "customer");
    ASSERT_TRUE(std::is_sorted(c.changes.begin(), c.changes.end()));
    ASSERT_EQ(c.changes.front(), c.routed);
  }
  // 60 web conversations per minute for 30 minutes: 1800 expected (Poisson, ±5 sd ≈ ±212).
  EXPECT_NEAR(double(web), 1800, 212);
  EXPECT_GT(other, 200u);
  EXPECT_EQ(types, (std::set<std::string>{"webmessaging", "sms", "open", "whatsapp"}));
  EXPECT_GT(transferred, 50u);
  EXPECT_GT(inbound, 1000u);
  EXPECT_GT(outbound, 1000u);
}

TEST(workload, changes_come_out_in_time_order_and_never_after_the_end) {
  timeline t(config(5));
  const auto changes = run(t, 45'000);
  for (std::size_t i = 1; i < changes.size(); ++i) ASSERT_LE(changes[i - 1].first, changes[i].first);
  EXPECT_LE(changes.back().first, t.work().config().start_ms + t.work().config().duration_ms);
}

}  // namespace
}  // namespace wmpulse::sim
