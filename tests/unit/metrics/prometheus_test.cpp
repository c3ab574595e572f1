#include "metrics/prometheus.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace wmpulse::metrics {
namespace {

metrics_snapshot sample() {
  metrics_snapshot s;
  s.taken_at_ms = 1'700'000'000'500;
  s.window_ms = 60'000;
  s.all.active_sessions = 3;
  s.all.total_connections = 7;
  s.all.avg_session_duration_ms = 1'500;
  s.all.messages_per_minute = 12.5;
  s.all.duration_p50_ms = 1'200;
  window_metrics q;
  q.active_sessions = 2;
  s.queues.push_back({"a\"b\\c\nd", q});
  s.counters.refused_by_cap = 4;
  return s;
}

events::source_status status() {
  events::source_status st;
  st.source_kind = "tutorial";
  st.state = events::connection_state::connected;
  st.rejected[static_cast<std::size_t>(events::decode_reason::malformed_json)] = 9;
  st.last_event_ms = 1'700'000'000'000;
  return st;
}

std::string line_with(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) return line;
  return {};
}

TEST(prometheus, every_line_is_valid_exposition_format) {
  const auto text = render_prometheus(sample(), status());
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  const std::regex help(R"(# HELP wmpulse_[a-z_]+ .*)");
  const std::regex type(R"(# TYPE (wmpulse_[a-z_]+) (gauge|counter))");
  const std::regex sample_line(R"((wmpulse_[a-z_]+)(\{([a-z_]+="([^"\\\n]|\\\\|\\"|\\n)*",?)+\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf))");
  std::set<std::string> typed;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, type)) {
      EXPECT_TRUE(typed.insert(m[1]).second) << "family declared twice: " << line;
      const bool counter = m[2] == "counter";
      const std::string name = m[1];
      EXPECT_EQ(counter, name.size() > 6 && name.ends_with("_total")) << line;
      continue;
    }
    if (std::regex_match(line, help)) continue;
    ASSERT_TRUE(std::regex_match(line, m, sample_line)) << "bad line: " << line;
    EXPECT_TRUE(typed.count(m[1])) << "sample before its TYPE: " << line;
  }
}

TEST(prometheus, values_labels_and_escaping) {
  const auto text = render_prometheus(sample(), status());
  EXPECT_EQ(line_with(text, "wmpulse_active_sessions "), "wmpulse_active_sessions 3");
  EXPECT_EQ(line_with(text, "wmpulse_connections_total "), "wmpulse_connections_total 7");
  EXPECT_EQ(line_with(text, "wmpulse_window_session_duration_avg_seconds "), "wmpulse_window_session_duration_avg_seconds 1.5");
  EXPECT_EQ(line_with(text, "wmpulse_window_messages_per_minute "), "wmpulse_window_messages_per_minute 12.5");
  EXPECT_EQ(line_with(text, "wmpulse_window_session_duration_seconds{"),
            "wmpulse_window_session_duration_seconds{quantile=\"0.5\"} 1.2");
  EXPECT_EQ(line_with(text, "wmpulse_queue_active_sessions{"), "wmpulse_queue_active_sessions{queue=\"a\\\"b\\\\c\\nd\"} 2");
  EXPECT_EQ(line_with(text, "wmpulse_source_rejected_frames_total{reason=\"malformed_json\"}"),
            "wmpulse_source_rejected_frames_total{reason=\"malformed_json\"} 9");
  EXPECT_EQ(line_with(text, "wmpulse_source_state{state=\"connected\"}"), "wmpulse_source_state{state=\"connected\"} 1");
  EXPECT_EQ(line_with(text, "wmpulse_aggregator_refused_by_cap_total "), "wmpulse_aggregator_refused_by_cap_total 4");
  EXPECT_EQ(line_with(text, "wmpulse_source_last_event_timestamp_seconds "),
            "wmpulse_source_last_event_timestamp_seconds 1700000000");
  EXPECT_EQ(line_with(text, "wmpulse_source_lag_seconds"), "");  // unknown: omitted, not 0
}

TEST(prometheus, label_value_escaping) {
  EXPECT_EQ(escape_label_value("plain"), "plain");
  EXPECT_EQ(escape_label_value("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
}

}  // namespace
}  // namespace wmpulse::metrics
