// The real build/wmpulse against a tutorial-protocol WebSocket source written here: a seeded
// workload whose exact metrics this test computes itself, checked through GraphQL — also when
// the source drops the connection mid-stream and the service reconnects.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include <boost/json.hpp>

#include "core/iso8601.hpp"
#include "support/child_process.hpp"
#include "support/http_client.hpp"
#include "support/tutorial_stream_server.hpp"

using namespace wmpulse::testing;
using namespace std::chrono_literals;

namespace {

struct workload_event {
  std::string type;  // connected | disconnected | message
  std::string session;
  long long t;
};

// Sessions over ten minutes of event time; some stay open; every connect of a still-open
// session is sent twice (a duplicate the service must not count twice).
std::vector<workload_event> make_workload(unsigned seed, int sessions) {
  std::mt19937 rng(seed);
  const long long start = 1'795'000'000'000LL;
  std::uniform_int_distribution<long long> begin(0, 600'000), length(1'000, 180'000), gap(500, 20'000);
  std::vector<workload_event> out;
  for (int i = 0; i < sessions; ++i) {
    const std::string id = "s-" + std::to_string(seed) + "-" + std::to_string(i);
    const long long c = start + begin(rng);
    const long long d = c + length(rng);
    const bool stays_open = i % 7 == 0;
    out.push_back({"connected", id, c});
    if (i % 5 == 0) out.push_back({"connected", id, c + 1});
    for (long long m = c + gap(rng); m < d; m += gap(rng)) out.push_back({"message", id, m});
    if (!stays_open) out.push_back({"disconnected", id, d});
  }
  std::stable_sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.t < b.t; });
  return out;
}

std::string frame_of(const workload_event& e) {
  boost::json::object o{{"eventType", "webchat:" + e.type},
                        {"timestamp", wmpulse::core::format_iso8601_ms(e.t)},
                        {"data", {{"sessionId", e.session}}}};
  return boost::json::serialize(o);
}

struct expected_metrics {
  long long active = 0, total = 0;
  double avg_ms = 0, per_minute = 0;
};

// The METRICS.md rules for an in-order stream, with now = the newest event time (--clock event)
// and the window (now - window, now].
expected_metrics expected_for(const std::vector<workload_event>& events, long long window_ms) {
  const long long now = events.back().t;
  std::map<std::string, long long> open;
  std::set<std::string> seen;
  long long ended = 0, duration_sum = 0, messages = 0;
  for (const auto& e : events) {
    const bool in_window = e.t > now - window_ms && e.t <= now;
    if (e.type == "connected") {
      if (!open.count(e.session)) open[e.session] = e.t;
      seen.insert(e.session);
    } else if (e.type == "disconnected") {
      auto it = open.find(e.session);
      if (it == open.end()) continue;
      if (in_window) {
        ++ended;
        duration_sum += e.t - it->second;
      }
      open.erase(it);
    } else if (in_window) {
      ++messages;
    }
  }
  expected_metrics m;
  m.active = static_cast<long long>(open.size());
  m.total = static_cast<long long>(seen.size());
  m.avg_ms = ended ? static_cast<double>(duration_sum) / static_cast<double>(ended) : 0.0;
  m.per_minute = static_cast<double>(messages) * 60'000.0 / static_cast<double>(window_ms);
  return m;
}

const char* metrics_query =
    "{ realTimeMetrics { activeSessions totalConnections avgSessionDurationMs messagesPerMinute } }";

// Polls GraphQL until the answer equals the expectation or the bound runs out; returns the last answer.
boost::json::value poll_until_equal(unsigned short port, const expected_metrics& want) {
  boost::json::value last;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline) {
    last = graphql_query(port, metrics_query);
    const auto* m = last.is_object() ? last.as_object().if_contains("data") : nullptr;
    if (m && m->is_object()) {
      const auto& r = m->as_object().at("realTimeMetrics").as_object();
      if (r.at("activeSessions").to_number<long long>() == want.active &&
          r.at("totalConnections").to_number<long long>() == want.total &&
          r.at("avgSessionDurationMs").to_number<double>() == want.avg_ms &&
          r.at("messagesPerMinute").to_number<double>() == want.per_minute)
        return last;
    }
    std::this_thread::sleep_for(50ms);  // bounded poll of a condition, not a timing assumption
  }
  return last;
}

std::vector<std::string> frames_of(const std::vector<workload_event>& events) {
  std::vector<std::string> frames;
  for (const auto& e : events) frames.push_back(frame_of(e));
  return frames;
}

void expect_metrics(const boost::json::value& answer, const expected_metrics& want) {
  ASSERT_TRUE(answer.is_object()) << boost::json::serialize(answer);
  const auto& r = answer.at("data").at("realTimeMetrics").as_object();
  EXPECT_EQ(r.at("activeSessions").to_number<long long>(), want.active);
  EXPECT_EQ(r.at("totalConnections").to_number<long long>(), want.total);
  EXPECT_DOUBLE_EQ(r.at("avgSessionDurationMs").to_number<double>(), want.avg_ms);
  EXPECT_DOUBLE_EQ(r.at("messagesPerMinute").to_number<double>(), want.per_minute);
}

struct running_service {
  child_process process;
  unsigned short port = 0;

  explicit running_service(const std::string& events_url, const std::map<std::string, std::string>& env = {})
      : process(WMPULSE_BINARY,
                {"--source", "tutorial", "--events-url", events_url, "--bind", "127.0.0.1", "--port", "0",
                 "--clock", "event", "--log-level", "warn"},
                env) {
    auto line = process.wait_for_line("listening on", 30s);
    if (line) port = port_in_line(*line).value_or(0);
  }
};

}  // namespace

TEST(tutorial_source_e2e, metrics_equal_the_workload_exactly) {
  const auto events = make_workload(11, 400);
  tutorial_stream_server source(frames_of(events), {});
  running_service service(source.url(), {{"WMPULSE_EVENTS_TOKEN", "test-token-123"}});
  ASSERT_NE(service.port, 0) << "the service did not report its port";
  const auto want = expected_for(events, 60'000);
  expect_metrics(poll_until_equal(service.port, want), want);

  const auto subs = source.subscription_messages();
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(subs[0], R"({"subscription":{"eventTypes":["webchat:connected","webchat:disconnected","webchat:message"],"filter":{"channel":"webchat"}}})");
  EXPECT_EQ(source.authorization_headers()[0], "Bearer test-token-123") << "token in the header, not the URL";
}

TEST(tutorial_source_e2e, reconnects_after_abrupt_drops_and_loses_nothing) {
  const auto events = make_workload(12, 400);
  // Drops twice mid-stream; each new connection resumes where the last one stopped.
  tutorial_stream_server source(frames_of(events), {events.size() / 3, events.size() / 4});
  running_service service(source.url());
  ASSERT_NE(service.port, 0);
  const auto want = expected_for(events, 60'000);
  expect_metrics(poll_until_equal(service.port, want), want);
  EXPECT_EQ(source.connections(), 3);
  EXPECT_EQ(source.frames_sent(), events.size());
}

TEST(tutorial_source_e2e, malformed_frames_are_counted_and_change_nothing) {
  const auto events = make_workload(13, 200);
  auto frames = frames_of(events);
  const std::vector<std::string> bad = {
      "{not json",                                                                    // malformed JSON
      R"({"timestamp":"2026-11-28T02:18:17Z","data":{"sessionId":"a"}})",            // missing field
      R"({"eventType":"webchat:typing","timestamp":"2026-11-28T02:18:17Z","data":{"sessionId":"a"}})",
      R"({"eventType":"webchat:message","timestamp":"last tuesday","data":{"sessionId":"a"}})",
      "{\"eventType\":\"webchat:message\",\"pad\":\"" + std::string(70'000, 'x') + "\"}",  // too large
  };
  // Interleave the bad frames through the stream.
  for (std::size_t i = 0; i < bad.size(); ++i) frames.insert(frames.begin() + static_cast<long>(i * 40 + 5), bad[i]);
  tutorial_stream_server source(frames, {});
  running_service service(source.url());
  ASSERT_NE(service.port, 0);
  const auto want = expected_for(events, 60'000);
  expect_metrics(poll_until_equal(service.port, want), want);

  auto status = graphql_query(service.port, "{ status { eventsRejected eventsIngested } }");
  ASSERT_TRUE(status.is_object()) << boost::json::serialize(status);
  EXPECT_EQ(status.at("data").at("status").at("eventsRejected").to_number<long long>(), 5);
  EXPECT_EQ(status.at("data").at("status").at("eventsIngested").to_number<long long>(),
            static_cast<long long>(events.size()));
  EXPECT_TRUE(service.process.running()) << "bad input must never crash the service";
}
