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

TEST(prometheus, the_line_checker_rejects_bad_lines) {
  EXPECT_EQ(parse_sample("wmpulse_x{a=\"b\\\"c\"} 1.5"), "wmpulse_x");
  EXPECT_EQ(parse_sample("wmpulse_x{a=\"b\"c\"} 1"), "");
  EXPECT_EQ(parse_sample("wmpulse_x 1 2"), "");
  EXPECT_EQ(parse_sample("wmpulse_x{a=\"\\q\"} 1"), "");
}

TEST(prometheus, every_line_is_valid_exposition_format) {
  const auto text = render_prometheus(sample(), status());
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  std::set<std::string> typed, helped;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("# HELP ", 0) == 0) {
      std::size_t i = 7;
      const auto name = read_name(line, i);
      EXPECT_TRUE(name.rfind("wmpulse_", 0) == 0) << line;
      EXPECT_TRUE(helped.insert(name).second) << "HELP twice: " << line;
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      std::size_t i = 7;
      const auto name = read_name(line, i);
      const auto type = line.substr(i);
      EXPECT_TRUE(type == " gauge" || type == " counter") << line;
      EXPECT_TRUE(helped.count(name)) << "TYPE without HELP: " << line;
      EXPECT_TRUE(typed.insert(name).second) << "family declared twice: " << line;
      EXPECT_EQ(type == " counter", name.ends_with("_total")) << line;
      continue;
    }
    const auto name = parse_sample(line);
    ASSERT_FALSE(name.empty()) << "bad line: " << line;
    EXPECT_TRUE(typed.count(name)) << "sample before its TYPE: " << line;
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

TEST(prometheus, the_genesys_figures_keep_their_names_and_are_zero_for_other_sources) {
  const std::pair<std::string, std::string> figures[] = {
      {"wmpulse_source_channels", "3"},          {"wmpulse_source_topics", "5"},
      {"wmpulse_source_rejected_topics", "1"},   {"wmpulse_source_backfills_total", "2"},
      {"wmpulse_source_backfill_conversations_total", "40"}, {"wmpulse_source_messages_unknown_in_gaps_total", "7"}};
  auto st = status();
  const auto other = render_prometheus(sample(), st);
  for (const auto& [name, value] : figures) EXPECT_EQ(line_with(other, name + " "), name + " 0");
  EXPECT_EQ(line_with(other, "wmpulse_source_lag_seconds"), "");
  st.genesys = events::genesys_figures{3, 5, 1, 2, 40, 1'500, 7};
  const auto text = render_prometheus(sample(), st);
  for (const auto& [name, value] : figures) EXPECT_EQ(line_with(text, name + " "), name + " " + value);
  EXPECT_EQ(line_with(text, "wmpulse_source_lag_seconds "), "wmpulse_source_lag_seconds 1.5");
}

}  // namespace
}  // namespace wmpulse::metrics
