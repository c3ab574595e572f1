// The typed root: the queue index, the empty root before the first snapshot, and the one
// conversion from the GraphQL engine's root value.
#include "api/root_state.hpp"

#include <gtest/gtest.h>

#include "api/api.hpp"
#include "core/json_writer.hpp"

namespace wmpulse::api {
namespace {

// `n` queues, in the order given (the index must not rely on the snapshot's sorting).
std::shared_ptr<metrics::metrics_snapshot> snapshot_with_queues(const std::vector<std::string>& ids) {
  auto s = std::make_shared<metrics::metrics_snapshot>();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    metrics::queue_metrics q;
    q.queue_id = ids[i];
    q.metrics.active_sessions = static_cast<std::int64_t>(i) + 1;
    s->queues.push_back(q);
  }
  return s;
}

TEST(queue_index, finds_every_queue_of_the_snapshot_by_id) {
  auto s = snapshot_with_queues({"q-c", "q-a", "q-b"});
  queue_index index(*s);
  EXPECT_EQ(index.size(), 3u);
  for (const auto& q : s->queues) EXPECT_EQ(index.find(q.queue_id), &q.metrics) << q.queue_id;
  EXPECT_EQ(index.find("q-z"), nullptr);
  EXPECT_EQ(index.find(""), nullptr);
}

TEST(queue_index, an_empty_snapshot_has_no_queue) {
  metrics::metrics_snapshot s;
  EXPECT_EQ(queue_index(s).find("q-a"), nullptr);
}

TEST(root_state, queue_lookups_go_through_one_index_per_root) {
  std::vector<std::string> ids;
  for (int i = 999; i >= 0; --i) ids.push_back("queue-" + std::to_string(i));
  auto s = snapshot_with_queues(ids);
  root_state r(s, nullptr, nullptr);
  const queue_index& index = r.queues();
  EXPECT_EQ(&r.queues(), &index) << "made once, at the first lookup";
  EXPECT_EQ(index.size(), 1000u);
  EXPECT_EQ(r.queue("queue-0"), &s->queues.back().metrics);
  EXPECT_EQ(r.queue("queue-999"), &s->queues.front().metrics);
  EXPECT_EQ(r.queue("queue-1000"), nullptr);
}

TEST(root_state, before_the_first_snapshot_it_answers_empty) {
  root_state r;
  EXPECT_TRUE(r.snapshot().queues.empty());
  EXPECT_EQ(r.status().source_kind, "");
  EXPECT_EQ(r.history(), nullptr);
  EXPECT_EQ(r.queue("q-a"), nullptr);
}

TEST(root_state, the_engine_root_value_converts_back_to_the_same_state) {
  auto state = std::make_shared<const root_state>(snapshot_with_queues({"q-a"}), nullptr, nullptr);
  const std::any root = graphql_root(state);
  EXPECT_EQ(&root_state_of(root), state.get());
  EXPECT_TRUE(root_state_of(std::any{}).snapshot().queues.empty()) << "no root: the empty one";
  EXPECT_TRUE(root_state_of(std::any(42)).snapshot().queues.empty()) << "another type: the empty one";
}

TEST(root_state, per_queue_fields_read_the_queue_the_index_names) {
  std::vector<std::string> ids;
  for (int i = 0; i < 300; ++i) ids.push_back("q-" + std::to_string((i * 7) % 300));  // not sorted
  auto service = make_service();
  auto p = service->prepare(R"({ a: realTimeMetrics(queueId: "q-7") { activeSessions queueId }
                                 b: realTimeMetrics(queueId: "q-299") { activeSessions } })");
  ASSERT_TRUE(p.ok());
  auto root = graphql_root(std::make_shared<const root_state>(snapshot_with_queues(ids), nullptr, nullptr));
  // q-7 is ids[1] (active 2); q-299 is ids[257] since 257 * 7 % 300 == 299 (active 258).
  EXPECT_EQ(core::write_json(service->execute(*p.value(), std::nullopt, {}, root).body),
            R"({"data":{"a":{"activeSessions":2,"queueId":"q-7"},"b":{"activeSessions":258}}})");
}

}  // namespace
}  // namespace wmpulse::api
