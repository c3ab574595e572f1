// Levels at each boundary, and which table a queue is judged by.
#include "metrics/thresholds.hpp"

#include <gtest/gtest.h>

namespace wmpulse::metrics {
namespace {

const limit higher{5.0, 10.0};  // warn at 5, alert at 10
const limit lower{0.8, 0.6};    // service level: warn at 80 %, alert at 60 %

TEST(level_of, higher_is_worse_reaches_each_level_at_its_threshold) {
  EXPECT_EQ(level_of(0.0, higher, false), level::ok);
  EXPECT_EQ(level_of(4.999, higher, false), level::ok);
  EXPECT_EQ(level_of(5.0, higher, false), level::warn);
  EXPECT_EQ(level_of(9.999, higher, false), level::warn);
  EXPECT_EQ(level_of(10.0, higher, false), level::alert);
  EXPECT_EQ(level_of(1e9, higher, false), level::alert);
}

TEST(level_of, lower_is_worse_reaches_each_level_at_its_threshold) {
  EXPECT_EQ(level_of(1.0, lower, true), level::ok);
  EXPECT_EQ(level_of(0.8001, lower, true), level::ok);
  EXPECT_EQ(level_of(0.8, lower, true), level::warn);
  EXPECT_EQ(level_of(0.6001, lower, true), level::warn);
  EXPECT_EQ(level_of(0.6, lower, true), level::alert);
  EXPECT_EQ(level_of(0.0, lower, true), level::alert);
}

TEST(level_of, a_null_figure_has_no_level_and_no_threshold_is_ok) {
  EXPECT_FALSE(level_of(std::nullopt, higher, false).has_value());
  EXPECT_EQ(level_of(1e9, limit{}, false), level::ok);
  EXPECT_EQ(level_of(0.0, limit{}, true), level::ok);
  EXPECT_EQ(level_of(7.0, limit{std::nullopt, 6.0}, false), level::alert) << "alert only";
  EXPECT_EQ(level_of(7.0, limit{6.0, std::nullopt}, false), level::warn) << "warn only";
}

TEST(levels_of, judges_each_figure_and_leaves_null_figures_without_level) {
  queue_thresholds t;
  t.waiting = {3.0, 6.0};
  t.longest_waiting_ms = {60'000.0, 180'000.0};
  t.service_level = {0.8, 0.6};
  t.abandon_rate = {0.05, 0.1};
  t.avg_first_response_ms = {30'000.0, 60'000.0};
  contact_metrics m;
  m.waiting = 6;
  m.longest_waiting_ms = 59'999;
  m.service_level = 0.7;
  m.abandon_rate = std::nullopt;
  m.avg_first_response_ms = 60'000.0;
  const auto l = levels_of(m, t);
  EXPECT_EQ(l.waiting, level::alert);
  EXPECT_EQ(l.longest_waiting_ms, level::ok);
  EXPECT_EQ(l.service_level, level::warn);
  EXPECT_FALSE(l.abandon_rate.has_value());
  EXPECT_EQ(l.avg_first_response_ms, level::alert);
  m.longest_waiting_ms.reset();
  EXPECT_FALSE(levels_of(m, t).longest_waiting_ms.has_value()) << "nobody waits";
  EXPECT_FALSE(levels_of(std::nullopt, t).waiting.has_value()) << "a source without queue figures";
}

TEST(thresholds, a_queue_table_found_by_id_else_by_name_overrides_the_default_figure_by_figure) {
  thresholds t;
  t.defaults.waiting = {5.0, 10.0};
  t.defaults.abandon_rate = {0.05, 0.1};
  t.defaults.service_level_target_ms = 20'000;
  t.queues["Billing"].waiting = {std::nullopt, 2.0};
  t.queues["Billing"].service_level_target_ms = 10'000;
  t.queues["q-id"].waiting = {1.0, 3.0};
  const auto by_name = t.for_queue("q-billing", "Billing");
  EXPECT_EQ(by_name.waiting.alert, 2.0);
  EXPECT_FALSE(by_name.waiting.warn.has_value()) << "a figure's two levels come from one table";
  EXPECT_EQ(by_name.abandon_rate.warn, 0.05) << "unset in the queue table: the default";
  EXPECT_EQ(by_name.service_level_target_ms, 10'000);
  EXPECT_EQ(t.for_queue("q-id", "Billing").waiting.warn, 1.0) << "the id wins over the name";
  EXPECT_EQ(t.for_queue("other", "").waiting.warn, 5.0);
  EXPECT_EQ(t.for_queue("", "").service_level_target_ms, 20'000);
}

TEST(thresholds, targets_by_id_follow_names_through_the_labels_and_ids_win) {
  thresholds t;
  t.queues["Billing"].service_level_target_ms = 10'000;
  t.queues["id-sales"].service_level_target_ms = 30'000;
  t.queues["id-billing-2"].service_level_target_ms = 40'000;
  t.queues["Sales"].waiting = {1.0, 2.0};  // no target of its own
  const auto by_id = t.targets_by_id({{"id-billing", "Billing"}, {"id-billing-2", "Billing"}, {"id-sales", "Sales"}});
  EXPECT_EQ(by_id.at("id-billing"), 10'000);
  EXPECT_EQ(by_id.at("id-billing-2"), 40'000);
  EXPECT_EQ(by_id.at("id-sales"), 30'000);
}

TEST(thresholds, a_warn_worse_than_its_alert_is_named) {
  queue_thresholds t;
  t.waiting = {10.0, 5.0};
  EXPECT_NE(check_order(t).find("waiting"), std::string::npos);
  t.waiting = {5.0, 5.0};
  t.service_level = {0.6, 0.8};
  EXPECT_NE(check_order(t).find("service_level"), std::string::npos);
  t.service_level = {0.8, 0.6};
  EXPECT_EQ(check_order(t), "");
}

}  // namespace
}  // namespace wmpulse::metrics
