#include "genesys/queue_selection.hpp"

#include <gtest/gtest.h>

namespace wmpulse::genesys {
namespace {

const std::string billing = "1b8a4b2e-0c7d-4f00-9d2e-5a3c1e7f0a01";
const std::string sales = "2c9b5c3f-1d8e-4f11-8e3f-6b4d2f801b02";
const std::string other = "3dac6d40-2e9f-4f22-9f40-7c5e3091c203";
const std::vector<events::queue_label> listed{{billing, "Billing"}, {sales, "Sales"}};

TEST(queue_selection, ids_and_names_resolve_to_ids_in_the_order_given_without_repeats) {
  auto ids = resolve_queues({"Sales", billing, "sales", sales}, listed);
  ASSERT_TRUE(ids) << ids.error();
  EXPECT_EQ(ids.value(), (std::vector<std::string>{sales, billing}));
}

TEST(queue_selection, an_unknown_name_is_an_error_naming_it) {
  auto ids = resolve_queues({"Sales", "Suport"}, listed);
  ASSERT_FALSE(ids);
  EXPECT_NE(ids.error().find("\"Suport\""), std::string::npos) << ids.error();
}

TEST(queue_selection, an_unlisted_id_is_kept) {
  auto ids = resolve_queues({other}, listed);
  ASSERT_TRUE(ids) << ids.error();
  EXPECT_EQ(ids.value(), std::vector<std::string>{other});
}

TEST(queue_selection, a_name_matching_several_queues_but_for_case_is_an_error) {
  const std::vector<events::queue_label> two{{billing, "Billing"}, {sales, "BILLING"}};
  EXPECT_TRUE(resolve_queues({"Billing"}, two)) << "an exact match wins";
  auto ids = resolve_queues({"billing"}, two);
  ASSERT_FALSE(ids);
  EXPECT_NE(ids.error().find("several"), std::string::npos) << ids.error();
}

TEST(queue_selection, only_uuid_shapes_look_like_ids) {
  EXPECT_TRUE(looks_like_queue_id(billing));
  EXPECT_FALSE(looks_like_queue_id("Billing"));
  EXPECT_FALSE(looks_like_queue_id(billing.substr(1) + "-"));
  EXPECT_FALSE(looks_like_queue_id(std::string(36, 'a')));
}

TEST(queue_selection, labels_are_those_of_the_followed_queues_sorted_by_id) {
  const std::vector<events::queue_label> unsorted{{sales, "Sales"}, {other, "Other"}, {billing, "Billing"}};
  const auto labels = labels_of(unsorted, {sales, billing, "unlisted"});
  EXPECT_EQ(labels, (std::vector<events::queue_label>{{billing, "Billing"}, {sales, "Sales"}}));
}

}  // namespace
}  // namespace wmpulse::genesys
