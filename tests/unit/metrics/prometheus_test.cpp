#include "metrics/prometheus.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
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
  s.all.since_start.connections = 9;
  s.all.since_start.messages[1] = 4;
  s.all.since_start.session_durations.observe(45'000);
  s.all.since_start.session_durations.observe(45'000);
  s.all.since_start.session_durations.observe(20 * 3'600'000);
  window_metrics q;
  q.active_sessions = 2;
  q.since_start.connections = 5;
  s.queues.push_back({"a\"b\\c\nd", q});
  s.counters.refused_by_cap = 4;
  s.counters.stale_contact_events = 6;
  s.counters.clock_steps_back = 2;
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

bool is_name_char(char c, bool first) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (!first && c >= '0' && c <= '9');
}

// Reads a metric or label name at `i`; empty when there is none.
std::string read_name(const std::string& line, std::size_t& i) {
  const auto start = i;
  while (i < line.size() && is_name_char(line[i], i == start)) ++i;
  return line.substr(start, i - start);
}

// A sample line of the text format 0.0.4: name, optional {label="escaped value",...}, a space,
// a float. Returns the metric name, or empty when the line is malformed.
std::string parse_sample(const std::string& line) {
  std::size_t i = 0;
  auto name = read_name(line, i);
  if (name.empty()) return {};
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (i < line.size() && line[i] != '}') {
      if (read_name(line, i).empty() || line.compare(i, 2, "=\"") != 0) return {};
      for (i += 2; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\\') {
          if (++i >= line.size() || (line[i] != '\\' && line[i] != '"' && line[i] != 'n')) return {};
        }
      }
      if (i++ >= line.size()) return {};
      if (i < line.size() && line[i] == ',') ++i;
    }
    if (i++ >= line.size()) return {};
  }
  if (i >= line.size() || line[i++] != ' ') return {};
  const auto value = line.substr(i);
  if (value == "NaN" || value == "+Inf" || value == "-Inf") return name;
  char* end = nullptr;
  std::strtod(value.c_str(), &end);
  return (!value.empty() && end == value.c_str() + value.size()) ? name : std::string{};
}

// The family a histogram's _bucket, _sum or _count sample belongs to.
std::string histogram_family(const std::string& name) {
  for (std::string_view suffix : {"_bucket", "_sum", "_count"})
    if (name.ends_with(suffix)) return name.substr(0, name.size() - suffix.size());
  return {};
}

metrics_snapshot with_queue_figures() {
  auto s = sample();
  contact_metrics c;
  c.waiting = 4;
  c.longest_waiting_ms = 12'500;
  c.service_level = 0.75;
  c.service_level_target_ms = 20'000;
  s.all.contact = c;
  s.all.since_start.answered = 3;
  s.all.since_start.answer_waits.observe(20'000);
  s.all.since_start.answer_waits.observe(21'000);
  contact_metrics none_waiting;  // no longest wait, no service level yet: both left out
  none_waiting.waiting = 0;
  s.queues[0].metrics.contact = none_waiting;
  s.queues[0].metrics.since_start.answer_waits.observe(3'000);
  return s;
}

TEST(prometheus, the_line_checker_rejects_bad_lines) {
  EXPECT_EQ(parse_sample("wmpulse_x{a=\"b\\\"c\"} 1.5"), "wmpulse_x");
  EXPECT_EQ(parse_sample("wmpulse_x{a=\"b\"c\"} 1"), "");
  EXPECT_EQ(parse_sample("wmpulse_x 1 2"), "");
  EXPECT_EQ(parse_sample("wmpulse_x{a=\"\\q\"} 1"), "");
}

TEST(prometheus, every_line_is_valid_exposition_format) {
  auto st = status();
  st.queue_labels = {{"q1", "Sales \"EU\""}};
  const auto text = render_prometheus(with_queue_figures(), st, {"0.1.0", "abc, Release", "gcc", core::process_stats{}});
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  std::set<std::string> typed, helped, histograms;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("# HELP ", 0) == 0) {
      std::size_t i = 7;
      const auto name = read_name(line, i);
      EXPECT_TRUE(name.starts_with("wmpulse_") || name.starts_with("process_")) << line;
      EXPECT_TRUE(helped.insert(name).second) << "HELP twice: " << line;
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      std::size_t i = 7;
      const auto name = read_name(line, i);
      const auto type = line.substr(i);
      EXPECT_TRUE(type == " gauge" || type == " counter" || type == " histogram") << line;
      EXPECT_TRUE(helped.count(name)) << "TYPE without HELP: " << line;
      EXPECT_TRUE(typed.insert(name).second) << "family declared twice: " << line;
      EXPECT_EQ(type == " counter", name.ends_with("_total")) << line;
      if (type == " histogram") histograms.insert(name);
      continue;
    }
    const auto name = parse_sample(line);
    ASSERT_FALSE(name.empty()) << "bad line: " << line;
    EXPECT_TRUE(typed.count(name) || histograms.count(histogram_family(name))) << "sample before its TYPE: " << line;
  }
}

TEST(prometheus, values_labels_and_escaping) {
  const auto text = render_prometheus(sample(), status());
  EXPECT_EQ(line_with(text, "wmpulse_active_sessions "), "wmpulse_active_sessions 3");
  EXPECT_EQ(line_with(text, "wmpulse_connections_total "), "wmpulse_connections_total 9");
  EXPECT_EQ(line_with(text, "wmpulse_period_connections "), "wmpulse_period_connections 7");
  EXPECT_EQ(line_with(text, "wmpulse_queue_connections_total{"), "wmpulse_queue_connections_total{queue=\"a\\\"b\\\\c\\nd\"} 5");
  EXPECT_EQ(line_with(text, "wmpulse_messages_total{direction=\"inbound\"}"), "wmpulse_messages_total{direction=\"inbound\"} 4");
  EXPECT_EQ(line_with(text, "wmpulse_window_session_duration_avg_seconds "), "wmpulse_window_session_duration_avg_seconds 1.5");
  EXPECT_EQ(line_with(text, "wmpulse_window_messages_per_minute "), "wmpulse_window_messages_per_minute 12.5");
  EXPECT_EQ(line_with(text, "wmpulse_window_session_duration_seconds"), "") << "quantile gauges gave way to histograms";
  EXPECT_EQ(line_with(text, "wmpulse_queue_active_sessions{"), "wmpulse_queue_active_sessions{queue=\"a\\\"b\\\\c\\nd\"} 2");
  EXPECT_EQ(line_with(text, "wmpulse_events_total{outcome=\"rejected\",reason=\"malformed_json\"}"),
            "wmpulse_events_total{outcome=\"rejected\",reason=\"malformed_json\"} 9");
  EXPECT_EQ(line_with(text, "wmpulse_events_total{outcome=\"accepted\"}"), "wmpulse_events_total{outcome=\"accepted\"} 0");
  EXPECT_EQ(line_with(text, "wmpulse_source_state{state=\"connected\"}"), "wmpulse_source_state{state=\"connected\"} 1");
  EXPECT_EQ(line_with(text, "wmpulse_aggregator_refused_by_cap_total "), "wmpulse_aggregator_refused_by_cap_total 4");
  EXPECT_EQ(line_with(text, "wmpulse_aggregator_stale_contact_events_total "), "wmpulse_aggregator_stale_contact_events_total 6");
  EXPECT_EQ(line_with(text, "wmpulse_aggregator_clock_steps_back_total "), "wmpulse_aggregator_clock_steps_back_total 2");
  EXPECT_EQ(line_with(text, "wmpulse_source_last_event_timestamp_seconds "),
            "wmpulse_source_last_event_timestamp_seconds 1700000000");
  EXPECT_EQ(line_with(text, "wmpulse_source_lag_seconds"), "");  // unknown: omitted, not 0
}

TEST(prometheus, histograms_are_cumulative_in_seconds_and_end_with_inf_sum_and_count) {
  const auto text = render_prometheus(sample(), status());
  EXPECT_EQ(line_with(text, "# TYPE wmpulse_session_duration_seconds "), "# TYPE wmpulse_session_duration_seconds histogram");
  EXPECT_EQ(line_with(text, "wmpulse_session_duration_seconds_bucket{le=\"30\"}"),
            "wmpulse_session_duration_seconds_bucket{le=\"30\"} 0");
  EXPECT_EQ(line_with(text, "wmpulse_session_duration_seconds_bucket{le=\"60\"}"),
            "wmpulse_session_duration_seconds_bucket{le=\"60\"} 2");
  EXPECT_EQ(line_with(text, "wmpulse_session_duration_seconds_bucket{le=\"28800\"}"),
            "wmpulse_session_duration_seconds_bucket{le=\"28800\"} 2");
  EXPECT_EQ(line_with(text, "wmpulse_session_duration_seconds_bucket{le=\"+Inf\"}"),
            "wmpulse_session_duration_seconds_bucket{le=\"+Inf\"} 3");
  EXPECT_EQ(line_with(text, "wmpulse_session_duration_seconds_sum "), "wmpulse_session_duration_seconds_sum 72090");
  EXPECT_EQ(line_with(text, "wmpulse_session_duration_seconds_count "), "wmpulse_session_duration_seconds_count 3");
  EXPECT_EQ(line_with(text, "wmpulse_queue_session_duration_seconds_bucket{queue=\"a\\\"b\\\\c\\nd\",le=\"+Inf\"}"),
            "wmpulse_queue_session_duration_seconds_bucket{queue=\"a\\\"b\\\\c\\nd\",le=\"+Inf\"} 0");
}

TEST(prometheus, the_queue_figures_appear_only_for_sources_with_queues_and_unknown_ones_are_left_out) {
  const auto plain = render_prometheus(sample(), status());
  for (const char* name : {"wmpulse_waiting_sessions", "wmpulse_answered_total", "wmpulse_answer_wait_seconds",
                           "# HELP wmpulse_queue_waiting_sessions"})
    EXPECT_EQ(line_with(plain, name), "") << name;
  const auto text = render_prometheus(with_queue_figures(), status());
  EXPECT_EQ(line_with(text, "wmpulse_waiting_sessions "), "wmpulse_waiting_sessions 4");
  EXPECT_EQ(line_with(text, "wmpulse_longest_wait_seconds "), "wmpulse_longest_wait_seconds 12.5");
  EXPECT_EQ(line_with(text, "wmpulse_window_service_level_ratio "), "wmpulse_window_service_level_ratio 0.75");
  EXPECT_EQ(line_with(text, "wmpulse_service_level_target_seconds "), "wmpulse_service_level_target_seconds 20");
  EXPECT_EQ(line_with(text, "wmpulse_queue_waiting_sessions{"), "wmpulse_queue_waiting_sessions{queue=\"a\\\"b\\\\c\\nd\"} 0");
  EXPECT_EQ(line_with(text, "wmpulse_queue_longest_wait_seconds"), "");
  EXPECT_EQ(line_with(text, "wmpulse_queue_window_service_level_ratio"), "");
  EXPECT_EQ(line_with(text, "wmpulse_answered_total "), "wmpulse_answered_total 3");
  EXPECT_EQ(line_with(text, "wmpulse_answer_wait_seconds_bucket{le=\"20\"}"), "wmpulse_answer_wait_seconds_bucket{le=\"20\"} 1");
  EXPECT_EQ(line_with(text, "wmpulse_answer_wait_seconds_bucket{le=\"30\"}"), "wmpulse_answer_wait_seconds_bucket{le=\"30\"} 2");
  EXPECT_EQ(line_with(text, "wmpulse_queue_answer_wait_seconds_bucket{queue=\"a\\\"b\\\\c\\nd\",le=\"5\"}"),
            "wmpulse_queue_answer_wait_seconds_bucket{queue=\"a\\\"b\\\\c\\nd\",le=\"5\"} 1");
}

TEST(prometheus, info_series_name_the_build_and_the_queues) {
  auto st = status();
  st.queue_labels = {{"q1", "Sales \"EU\""}, {"q2", "Support"}};
  core::process_stats p;
  p.cpu_seconds = 1.25;
  p.open_fds = 12;
  p.start_time_seconds = 1'700'000'000;
  const auto text = render_prometheus(sample(), st, {"0.1.0", "abc, Release", "gcc 12", p});
  EXPECT_EQ(line_with(text, "wmpulse_build_info"), "wmpulse_build_info{version=\"0.1.0\",build=\"abc, Release\",compiler=\"gcc 12\"} 1");
  EXPECT_EQ(line_with(text, "wmpulse_queue_info{queue=\"q1\""), "wmpulse_queue_info{queue=\"q1\",queue_name=\"Sales \\\"EU\\\"\"} 1");
  EXPECT_EQ(line_with(text, "wmpulse_queue_info{queue=\"q2\""), "wmpulse_queue_info{queue=\"q2\",queue_name=\"Support\"} 1");
  EXPECT_EQ(line_with(text, "process_cpu_seconds_total "), "process_cpu_seconds_total 1.25");
  EXPECT_EQ(line_with(text, "process_open_fds "), "process_open_fds 12");
  EXPECT_EQ(line_with(text, "process_start_time_seconds "), "process_start_time_seconds 1700000000");
  EXPECT_EQ(line_with(render_prometheus(sample(), status()), "process_"), "") << "no process figures: no series";
}

TEST(prometheus, ready_follows_the_readiness_rule) {
  auto st = status();
  EXPECT_EQ(line_with(render_prometheus(sample(), st), "wmpulse_ready "), "wmpulse_ready 0");
  st.initial_recovery_done = true;
  EXPECT_EQ(line_with(render_prometheus(sample(), st), "wmpulse_ready "), "wmpulse_ready 1");
}

TEST(prometheus, the_cluster_role_and_the_stream_lag) {
  auto st = status();
  EXPECT_EQ(line_with(render_prometheus(sample(), st), "wmpulse_cluster_role{role=\"single\"}"), "wmpulse_cluster_role{role=\"single\"} 1");
  EXPECT_EQ(line_with(render_prometheus(sample(), st), "wmpulse_cluster_stream_lag"), "") << "no cluster: no lag series";
  st.role = events::node_role::follower;
  st.stream_lag = 42;
  const auto text = render_prometheus(sample(), st);
  EXPECT_EQ(line_with(text, "wmpulse_cluster_role{role=\"single\"}"), "wmpulse_cluster_role{role=\"single\"} 0");
  EXPECT_EQ(line_with(text, "wmpulse_cluster_role{role=\"follower\"}"), "wmpulse_cluster_role{role=\"follower\"} 1");
  EXPECT_EQ(line_with(text, "wmpulse_cluster_stream_lag_messages "), "wmpulse_cluster_stream_lag_messages 42");
}

TEST(prometheus, label_value_escaping) {
  EXPECT_EQ(escape_label_value("plain"), "plain");
  EXPECT_EQ(escape_label_value("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
}

TEST(prometheus, the_genesys_figures_keep_their_names_and_are_zero_for_other_sources) {
  const std::pair<std::string, std::string> figures[] = {
      {"wmpulse_source_channels", "3"},          {"wmpulse_source_topics", "5"},
      {"wmpulse_source_rejected_topics", "1"},   {"wmpulse_source_backfills_total", "2"},
      {"wmpulse_source_backfill_conversations_total", "40"}, {"wmpulse_source_messages_unknown_in_gaps_total", "7"},
      {"wmpulse_source_gap_message_fetches_pending", "4"},   {"wmpulse_source_gap_message_fetches_total", "9"},
      {"wmpulse_source_gap_messages_recovered_total", "12"}};
  auto st = status();
  const auto other = render_prometheus(sample(), st);
  for (const auto& [name, value] : figures) EXPECT_EQ(line_with(other, name + " "), name + " 0");
  EXPECT_EQ(line_with(other, "wmpulse_source_lag_seconds"), "");
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
  st.genesys = g;
  const auto text = render_prometheus(sample(), st);
  for (const auto& [name, value] : figures) EXPECT_EQ(line_with(text, name + " "), name + " " + value);
  EXPECT_EQ(line_with(text, "wmpulse_source_lag_seconds "), "wmpulse_source_lag_seconds 1.5");
}

TEST(prometheus, the_recorder_figures_appear_only_while_recording) {
  auto st = status();
  EXPECT_EQ(line_with(render_prometheus(sample(), st), "wmpulse_recorder_"), "");
  st.recorder = core::recorder_stats{.frames_written = 120, .frames_dropped = 3, .write_errors = 1, .rotations = 2};
  const auto text = render_prometheus(sample(), st);
  EXPECT_EQ(line_with(text, "wmpulse_recorder_frames_written_total "), "wmpulse_recorder_frames_written_total 120");
  EXPECT_EQ(line_with(text, "wmpulse_recorder_frames_dropped_total "), "wmpulse_recorder_frames_dropped_total 3");
  EXPECT_EQ(line_with(text, "wmpulse_recorder_write_errors_total "), "wmpulse_recorder_write_errors_total 1");
  EXPECT_EQ(line_with(text, "wmpulse_recorder_rotations_total "), "wmpulse_recorder_rotations_total 2");
  EXPECT_NE(text.find("# TYPE wmpulse_recorder_frames_dropped_total counter"), std::string::npos);
}

}  // namespace
}  // namespace wmpulse::metrics
