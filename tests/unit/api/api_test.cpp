// The wmpulse schema over hand-built snapshots, status and history.
#include <gtest/gtest.h>

#include "api/api.hpp"
#include "core/json_writer.hpp"

namespace wmpulse::api {
namespace {

class api_test : public ::testing::Test {
protected:
  std::string run(std::string_view query, const boost::json::object& variables = {}) {
    auto p = service_->prepare(query);
    if (!p.ok()) return "REQUEST " + core::write_json(p.error());
    auto root = graphql_root(std::make_shared<const root_state>(root_.snapshot, root_.status, root_.history, root_.thresholds));
    return core::write_json(service_->execute(*p.value(), std::nullopt, variables, root).body);
  }

  std::shared_ptr<graphql::service> service_ = make_service();
  struct {
    std::shared_ptr<const metrics::metrics_snapshot> snapshot;
    std::shared_ptr<const events::source_status> status;
    std::shared_ptr<const metrics::history> history;
    std::shared_ptr<const metrics::thresholds> thresholds;
  } root_;  // the parts of the root each run() makes
};

std::shared_ptr<metrics::metrics_snapshot> sample_snapshot() {
  auto s = std::make_shared<metrics::metrics_snapshot>();
  s->taken_at_ms = 1'700'000'000'000;
  s->window_ms = 60'000;
  s->all.active_sessions = 7;
  s->all.total_connections = 42;
  s->all.avg_session_duration_ms = 1234.5;
  s->all.messages_per_minute = 17.25;
  s->all.inbound_messages_per_minute = 10;
  s->all.outbound_messages_per_minute = 7.25;
  s->all.duration_p50_ms = 1000;
  metrics::queue_metrics q;
  q.queue_id = "q-1";
  q.metrics.active_sessions = 3;
  s->queues.push_back(q);
  return s;
}

TEST_F(api_test, tutorial_query_answers_the_four_fields) {
  root_.snapshot = sample_snapshot();
  EXPECT_EQ(run("{ realTimeMetrics { activeSessions totalConnections avgSessionDurationMs messagesPerMinute } }"),
            R"({"data":{"realTimeMetrics":{"activeSessions":7,"totalConnections":42,"avgSessionDurationMs":1234.5,"messagesPerMinute":17.25}}})");
}

TEST_F(api_test, before_the_first_snapshot_everything_is_zero_or_null) {
  EXPECT_EQ(run("{ realTimeMetrics { activeSessions messagesPerMinute sessionDurationP50Ms queueId } queues { queueId } }"),
            R"({"data":{"realTimeMetrics":{"activeSessions":0,"messagesPerMinute":0,"sessionDurationP50Ms":null,"queueId":null},"queues":[]}})");
}

TEST_F(api_test, window_time_percentiles_and_directions) {
  root_.snapshot = sample_snapshot();
  EXPECT_EQ(run("{ realTimeMetrics { windowSeconds takenAt inboundMessagesPerMinute outboundMessagesPerMinute "
                "sessionDurationP50Ms sessionDurationP99Ms } }"),
            R"({"data":{"realTimeMetrics":{"windowSeconds":60,"takenAt":"2023-11-14T22:13:20.000Z","inboundMessagesPerMinute":10,"outboundMessagesPerMinute":7.25,"sessionDurationP50Ms":1000,"sessionDurationP99Ms":null}}})");
}

TEST_F(api_test, per_queue_metrics_by_list_and_by_argument) {
  root_.snapshot = sample_snapshot();
  EXPECT_EQ(run(R"({ queues { queueId metrics { activeSessions queueId } } one: realTimeMetrics(queueId: "q-1") { activeSessions }
                     unseen: realTimeMetrics(queueId: "q-9") { activeSessions queueId } })"),
            R"({"data":{"queues":[{"queueId":"q-1","metrics":{"activeSessions":3,"queueId":"q-1"}}],"one":{"activeSessions":3},"unseen":{"activeSessions":0,"queueId":"q-9"}}})");
}

TEST_F(api_test, queue_figures_overall_and_per_queue_null_without_queue_information) {
  auto s = sample_snapshot();
  metrics::contact_metrics k;
  k.waiting = 2;
  k.interacting = 5;
  k.longest_waiting_ms = 7'000;
  k.offered = 9;
  k.answered = 6;
  k.abandoned = 2;
  k.short_abandoned = 1;
  k.abandon_rate = 0.25;
  k.service_level = 0.5;
  k.service_level_target_ms = 20'000;
  k.average_speed_of_answer_ms = 1'500;
  k.avg_first_response_ms = 3'000;
  k.avg_handle_ms = 60'000;
  s->all.contact = k;
  root_.snapshot = s;
  const auto fields = "{ waiting interacting longestWaitingMs offered answered abandoned shortAbandoned abandonRate serviceLevel "
                      "serviceLevelTargetMs averageSpeedOfAnswerMs avgFirstResponseMs avgAgentResponseMs avgHandleMs }";
  EXPECT_EQ(run(std::string("{ realTimeMetrics ") + fields + " queues { metrics " + fields + " } }"),
            R"({"data":{"realTimeMetrics":{"waiting":2,"interacting":5,"longestWaitingMs":7000,"offered":9,"answered":6,"abandoned":2,"shortAbandoned":1,"abandonRate":0.25,"serviceLevel":0.5,"serviceLevelTargetMs":20000,"averageSpeedOfAnswerMs":1500,"avgFirstResponseMs":3000,"avgAgentResponseMs":null,"avgHandleMs":60000},)"
            R"("queues":[{"metrics":{"waiting":null,"interacting":null,"longestWaitingMs":null,"offered":null,"answered":null,"abandoned":null,"shortAbandoned":null,"abandonRate":null,"serviceLevel":null,"serviceLevelTargetMs":null,"averageSpeedOfAnswerMs":null,"avgFirstResponseMs":null,"avgAgentResponseMs":null,"avgHandleMs":null}}]}})");
}

TEST_F(api_test, a_queue_has_the_name_of_the_sources_queue_list_or_null) {
  auto s = sample_snapshot();
  metrics::queue_metrics unnamed;
  unnamed.queue_id = "q-2";
  s->queues.push_back(unnamed);
  root_.snapshot = s;
  EXPECT_EQ(run("{ queues { queueId queueName } }"),
            R"({"data":{"queues":[{"queueId":"q-1","queueName":null},{"queueId":"q-2","queueName":null}]}})");
  auto status = std::make_shared<events::source_status>();
  status->queue_labels = {{"q-0", "Sales"}, {"q-1", "Billing \"EU\""}};
  root_.status = status;
  EXPECT_EQ(run("{ queues { queueId queueName } }"),
            R"({"data":{"queues":[{"queueId":"q-1","queueName":"Billing \"EU\""},{"queueId":"q-2","queueName":null}]}})");
}

TEST_F(api_test, a_followed_queue_no_event_reached_yet_is_listed_with_zero_figures_and_its_own_target) {
  auto s = sample_snapshot();
  metrics::contact_metrics k;
  k.waiting = 2;
  k.service_level_target_ms = 20'000;
  s->all.contact = k;
  s->queues[0].metrics.contact = k;
  root_.snapshot = s;
  auto status = std::make_shared<events::source_status>();
  status->queue_labels = {{"q-0", "Sales"}, {"q-1", "Billing"}, {"q-3", "Returns"}};
  root_.status = status;
  auto t = std::make_shared<metrics::thresholds>();
  t->queues["Returns"].service_level_target_ms = 30'000;
  root_.thresholds = t;
  EXPECT_EQ(run("{ queues { queueId queueName metrics { activeSessions waiting averageSpeedOfAnswerMs serviceLevelTargetMs } } }"),
            R"({"data":{"queues":[)"
            R"({"queueId":"q-0","queueName":"Sales","metrics":{"activeSessions":0,"waiting":0,"averageSpeedOfAnswerMs":null,"serviceLevelTargetMs":20000}},)"
            R"({"queueId":"q-1","queueName":"Billing","metrics":{"activeSessions":3,"waiting":2,"averageSpeedOfAnswerMs":null,"serviceLevelTargetMs":20000}},)"
            R"({"queueId":"q-3","queueName":"Returns","metrics":{"activeSessions":0,"waiting":0,"averageSpeedOfAnswerMs":null,"serviceLevelTargetMs":30000}}]}})");
  EXPECT_EQ(run(R"({ realTimeMetrics(queueId: "q-3") { waiting serviceLevelTargetMs } })"),
            R"({"data":{"realTimeMetrics":{"waiting":0,"serviceLevelTargetMs":30000}}})");
}

TEST_F(api_test, levels_follow_the_queues_own_thresholds_else_the_default_and_are_null_for_null_figures) {
  auto s = sample_snapshot();
  metrics::contact_metrics k;
  k.waiting = 4;
  k.longest_waiting_ms = 90'000;
  k.service_level = 0.7;
  k.avg_first_response_ms = 1'000;
  s->all.contact = k;
  s->queues[0].metrics.contact = k;
  root_.snapshot = s;
  const auto query = "{ realTimeMetrics { levels { waiting longestWaitingMs serviceLevel abandonRate avgFirstResponseMs } } "
                     "queues { metrics { levels { waiting serviceLevel } } } }";
  EXPECT_EQ(run(query),
            R"({"data":{"realTimeMetrics":{"levels":{"waiting":"OK","longestWaitingMs":"OK","serviceLevel":"OK","abandonRate":null,"avgFirstResponseMs":"OK"}},)"
            R"("queues":[{"metrics":{"levels":{"waiting":"OK","serviceLevel":"OK"}}}]}})")
      << "no thresholds: OK";
  auto t = std::make_shared<metrics::thresholds>();
  t->defaults.waiting = {3.0, 5.0};
  t->defaults.longest_waiting_ms = {60'000.0, 120'000.0};
  t->defaults.service_level = {0.8, 0.6};
  t->queues["Billing"].waiting = {5.0, 10.0};
  t->queues["Billing"].service_level = {0.75, 0.7};
  root_.thresholds = t;
  auto status = std::make_shared<events::source_status>();
  status->queue_labels = {{"q-1", "Billing"}};
  root_.status = status;
  EXPECT_EQ(run(query),
            R"({"data":{"realTimeMetrics":{"levels":{"waiting":"WARN","longestWaitingMs":"WARN","serviceLevel":"WARN","abandonRate":null,"avgFirstResponseMs":"OK"}},)"
            R"("queues":[{"metrics":{"levels":{"waiting":"OK","serviceLevel":"ALERT"}}}]}})");
  s->all.contact.reset();
  EXPECT_EQ(run("{ realTimeMetrics { levels { waiting serviceLevel } } }"),
            R"({"data":{"realTimeMetrics":{"levels":{"waiting":null,"serviceLevel":null}}}})")
      << "no queue figures (the tutorial protocol): no levels";
}

TEST_F(api_test, status_of_the_source) {
  auto st = std::make_shared<events::source_status>();
  st->source_kind = "tutorial";
  st->state = events::connection_state::reconnecting;
  st->events_ingested = 5;
  st->rejected[static_cast<std::size_t>(events::decode_reason::malformed_json)] = 2;
  st->reconnects = 1;
  st->last_error = "connection refused";
  root_.status = st;
  EXPECT_EQ(run("{ status { source state lastEventAt eventsIngested eventsRejected reconnects lastError "
                "rejectedByReason { reason count } } }"),
            R"({"data":{"status":{"source":"tutorial","state":"RECONNECTING","lastEventAt":null,"eventsIngested":5,"eventsRejected":2,"reconnects":1,"lastError":"connection refused","rejectedByReason":[{"reason":"TOO_LARGE","count":0},{"reason":"MALFORMED_JSON","count":2},{"reason":"MISSING_FIELD","count":0},{"reason":"UNKNOWN_EVENT_TYPE","count":0},{"reason":"BAD_TIMESTAMP","count":0}]}}})");
}

TEST_F(api_test, the_cluster_role_the_lease_holder_and_the_stream_lag) {
  auto st = std::make_shared<events::source_status>();
  root_.status = st;
  const std::string query = "{ status { role leaseHolder streamLag } }";
  EXPECT_EQ(run(query), R"({"data":{"status":{"role":"SINGLE","leaseHolder":null,"streamLag":null}}})");
  st->role = events::node_role::follower;
  st->lease_holder = "node-a";
  st->stream_lag = 7;
  EXPECT_EQ(run(query), R"({"data":{"status":{"role":"FOLLOWER","leaseHolder":"node-a","streamLag":7}}})");
}

TEST_F(api_test, the_genesys_part_of_the_status_is_zero_for_other_sources) {
  const std::string query = "{ status { lagMs channels topics rejectedTopics backfills backfillConversations messagesUnknownInGaps gapMessageFetchesPending gapMessageFetches gapMessagesRecovered } }";
  auto st = std::make_shared<events::source_status>();
  root_.status = st;
  EXPECT_EQ(run(query),
            R"({"data":{"status":{"lagMs":null,"channels":0,"topics":0,"rejectedTopics":0,"backfills":0,"backfillConversations":0,"messagesUnknownInGaps":0,"gapMessageFetchesPending":0,"gapMessageFetches":0,"gapMessagesRecovered":0}}})");
  events::genesys_figures g;
  g.channels = 3;
  g.topics = 5;
  g.rejected_topics = 1;
  g.backfills = 2;
  g.backfill_conversations = 40;
  g.lag_ms = 1'500;
  g.messages_unknown_in_gaps = 7;
  g.gap_fetches_pending = 4;
  g.gap_fetches = 9;
  g.gap_messages_recovered = 12;
  st->genesys = g;
  EXPECT_EQ(run(query),
            R"({"data":{"status":{"lagMs":1500,"channels":3,"topics":5,"rejectedTopics":1,"backfills":2,"backfillConversations":40,"messagesUnknownInGaps":7,"gapMessageFetchesPending":4,"gapMessageFetches":9,"gapMessagesRecovered":12}}})");
}

TEST_F(api_test, the_recorder_status_is_null_unless_recording) {
  const std::string query = "{ status { recorder { framesWritten framesDropped writeErrors rotations } } }";
  auto st = std::make_shared<events::source_status>();
  root_.status = st;
  EXPECT_EQ(run(query), R"({"data":{"status":{"recorder":null}}})");
  st->recorder = core::recorder_stats{.frames_written = 120, .frames_dropped = 3, .write_errors = 1, .rotations = 2};
  EXPECT_EQ(run(query), R"({"data":{"status":{"recorder":{"framesWritten":120,"framesDropped":3,"writeErrors":1,"rotations":2}}}})");
}

TEST_F(api_test, history_points_over_the_recorded_seconds) {
  auto h = std::make_shared<metrics::history>(60);
  for (int i = 0; i < 5; ++i) {
    metrics::metrics_snapshot s;
    s.taken_at_ms = 1'700'000'000'000 + i * 1000;
    s.all.active_sessions = i;
    h->record(s);
  }
  root_.history = h;
  EXPECT_EQ(run("{ history(lastSeconds: 3, stepSeconds: 1) { atMs metrics { activeSessions } } }"),
            R"({"data":{"history":[{"atMs":1700000002000,"metrics":{"activeSessions":2}},{"atMs":1700000003000,"metrics":{"activeSessions":3}},{"atMs":1700000004000,"metrics":{"activeSessions":4}}]}})");
  EXPECT_EQ(run("{ history(lastSeconds: 0) { atMs } }"),
            R"({"data":null,"errors":[{"message":"lastSeconds and stepSeconds must be at least 1.","locations":[{"line":1,"column":3}],"path":["history"]}]})");
}

TEST_F(api_test, hour_of_history_aliased_100_times_is_refused_at_the_response_cap) {
  auto h = std::make_shared<metrics::history>(3600);
  for (int i = 0; i < 3600; ++i) {
    metrics::metrics_snapshot s = *sample_snapshot();
    s.taken_at_ms = 1'700'000'000'000 + i * 1000;
    h->record(s);
  }
  root_.history = h;
  std::string q = "{";
  for (int i = 0; i < 100; ++i)
    q += " a" + std::to_string(i) +
         ": history(lastSeconds: 3600) { at atMs metrics { activeSessions totalConnections avgSessionDurationMs "
         "messagesPerMinute inboundMessagesPerMinute outboundMessagesPerMinute } }";
  const auto body = run(q + " }");  // ~100 MB of JSON without the cap
  ASSERT_LT(body.size(), 1'000u) << "a response of " << body.size() << " bytes";
  EXPECT_EQ(body, R"({"errors":[{"message":"The response is larger than the limit of 8388608 bytes."}]})");
  const auto one = run("{ history(lastSeconds: 3600) { atMs } }");
  EXPECT_EQ(one.find("errors"), std::string::npos) << "one hour alone is served";
  EXPECT_GT(one.size(), 3600u * 20);
}

TEST_F(api_test, subscription_fields_execute_against_the_latest_snapshot) {
  root_.snapshot = sample_snapshot();
  EXPECT_EQ(run("subscription { realTimeMetrics { activeSessions } }"), R"({"data":{"realTimeMetrics":{"activeSessions":7}}})");
}

TEST_F(api_test, queues_subscription_pushes_the_same_rows_as_the_query) {
  auto s = sample_snapshot();
  metrics::queue_metrics q2;
  q2.queue_id = "q-2";
  q2.metrics.active_sessions = 5;
  s->queues.push_back(q2);
  root_.snapshot = s;
  const std::string fields = "queues { queueId metrics { activeSessions queueId countingSince } }";
  const auto live = run("subscription { " + fields + " }");
  EXPECT_EQ(live, R"({"data":{"queues":[{"queueId":"q-1","metrics":{"activeSessions":3,"queueId":"q-1","countingSince":"1970-01-01T00:00:00.000Z"}},)"
                  R"({"queueId":"q-2","metrics":{"activeSessions":5,"queueId":"q-2","countingSince":"1970-01-01T00:00:00.000Z"}}]}})");
  EXPECT_EQ(live, run("{ " + fields + " }"));
}

TEST_F(api_test, counting_since_is_the_snapshot_counting_period_start_everywhere) {
  auto s = sample_snapshot();
  s->counting_since_ms = 1'699'920'000'000;  // 2023-11-14T00:00:00Z
  root_.snapshot = s;
  EXPECT_EQ(run(R"({ realTimeMetrics { countingSince } one: realTimeMetrics(queueId: "q-1") { countingSince } queues { metrics { countingSince } } })"),
            R"({"data":{"realTimeMetrics":{"countingSince":"2023-11-14T00:00:00.000Z"},"one":{"countingSince":"2023-11-14T00:00:00.000Z"},)"
            R"("queues":[{"metrics":{"countingSince":"2023-11-14T00:00:00.000Z"}}]}})");
}

TEST_F(api_test, failed_connection_attempts_are_in_the_status) {
  auto st = std::make_shared<events::source_status>();
  st->failed_attempts = 11;
  st->reconnects = 2;
  root_.status = st;
  EXPECT_EQ(run("{ status { failedAttempts reconnects } }"), R"({"data":{"status":{"failedAttempts":11,"reconnects":2}}})");
}

TEST_F(api_test, every_type_and_field_has_a_description) {
  const auto& s = service_->types();
  for (const auto& t : s.types()) {
    if (t->name.rfind("__", 0) == 0) continue;
    EXPECT_FALSE(t->description.empty()) << t->name;
    for (const auto& f : t->fields) EXPECT_FALSE(f.description.empty()) << t->name << "." << f.name;
  }
}

}  // namespace
}  // namespace wmpulse::api
