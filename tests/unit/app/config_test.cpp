#include "app/config.hpp"

#include <gtest/gtest.h>

using namespace wmpulse::app;

namespace {
parse_outcome parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  return parse_config(args, env);
}
}  // namespace

TEST(config, defaults_serve_port_4000_from_the_generator) {
  auto p = parse({});
  ASSERT_TRUE(p.cfg) << p.error;
  EXPECT_EQ(p.cfg->port, 4000);
  EXPECT_EQ(p.cfg->source, source_kind::generator);
  EXPECT_EQ(p.cfg->window_ms, 60000);
  EXPECT_EQ(p.cfg->effective_clock(), clock_mode::wall);
}

TEST(config, flags_override_environment) {
  auto p = parse({"--port", "4100"}, {{"PORT", "4200"}});
  ASSERT_TRUE(p.cfg);
  EXPECT_EQ(p.cfg->port, 4100);
  p = parse({}, {{"PORT", "4200"}});
  ASSERT_TRUE(p.cfg);
  EXPECT_EQ(p.cfg->port, 4200);
}

TEST(config, tutorial_source_takes_its_token_from_the_environment_only) {
  auto p = parse({"--source", "tutorial", "--events-url=wss://example.test/stream", "--window", "5m", "--clock", "event"},
                 {{"WMPULSE_EVENTS_TOKEN", "tok"}});
  ASSERT_TRUE(p.cfg) << p.error;
  EXPECT_EQ(p.cfg->events_url, "wss://example.test/stream");
  EXPECT_EQ(p.cfg->events_token, "tok");
  EXPECT_EQ(p.cfg->window_ms, 300000);
  EXPECT_EQ(p.cfg->effective_clock(), clock_mode::event);
  EXPECT_FALSE(parse({"--events-token", "tok"}).cfg) << "no flag that would put a secret in ps output";
}

TEST(config, replay_defaults_to_the_event_clock) {
  auto p = parse({"--source", "replay", "--replay-file", "x.jsonl"});
  ASSERT_TRUE(p.cfg);
  EXPECT_EQ(p.cfg->effective_clock(), clock_mode::event);
}

TEST(config, bad_input_gets_one_clear_error) {
  struct bad_case {
    std::vector<std::string> args;
    std::string says;
  };
  const bad_case cases[] = {
      {{"--port", "70000"}, "--port"},
      {{"--source", "kafka"}, "--source"},
      {{"--window", "soon"}, "--window"},
      {{"--window", "0s"}, "--window"},
      {{"--clock", "lunar"}, "--clock"},
      {{"--bogus", "1"}, "unknown option --bogus"},
      {{"--port"}, "needs a value"},
      {{"positional"}, "unexpected argument"},
      {{"--source", "tutorial"}, "--events-url"},
      {{"--source", "replay"}, "--replay-file"},
  };
  for (const auto& c : cases) {
    auto p = parse(c.args);
    EXPECT_FALSE(p.cfg);
    EXPECT_NE(p.error.find(c.says), std::string::npos) << p.error;
  }
}

TEST(config, genesys_flags_are_passed_through) {
  auto p = parse({"--source", "genesys", "--region", "eu_west_1", "--login-base", "https://127.0.0.1:9/"});
  ASSERT_TRUE(p.cfg) << p.error;
  EXPECT_EQ(p.cfg->genesys_flags.at("region"), "eu_west_1");
  EXPECT_EQ(p.cfg->genesys_flags.at("login-base"), "https://127.0.0.1:9/");
}

TEST(config, help_is_not_an_error) {
  auto p = parse({"--help"});
  EXPECT_TRUE(p.help_requested);
  EXPECT_NE(p.error.find("--source"), std::string::npos);
}

TEST(config, graphql_limits_are_configurable_and_checked) {
  auto p = parse({"--graphql-max-depth", "8", "--graphql-max-aliases=20", "--max-body", "4096"});
  ASSERT_TRUE(p.cfg) << p.error;
  EXPECT_EQ(p.cfg->graphql_max_depth, 8u);
  EXPECT_EQ(p.cfg->graphql_max_aliases, 20u);
  EXPECT_EQ(p.cfg->max_body_bytes, 4096u);
  EXPECT_FALSE(parse({"--graphql-max-depth", "0"}).cfg);
  EXPECT_FALSE(parse({"--graphql-max-fields", "many"}).cfg);
}

TEST(config, graphql_response_and_expansion_caps_are_configurable) {
  auto d = parse({});
  ASSERT_TRUE(d.cfg) << d.error;
  EXPECT_EQ(d.cfg->graphql_max_response_bytes, 8u * 1024 * 1024);
  EXPECT_EQ(d.cfg->graphql_max_expanded_selections, 5'000u);
  auto p = parse({"--graphql-max-response-bytes", "65536", "--graphql-max-expanded-selections=300"});
  ASSERT_TRUE(p.cfg) << p.error;
  EXPECT_EQ(p.cfg->graphql_max_response_bytes, 65'536u);
  EXPECT_EQ(p.cfg->graphql_max_expanded_selections, 300u);
  EXPECT_FALSE(parse({"--graphql-max-response-bytes", "0"}).cfg);
  EXPECT_NE(parse({"--help"}).error.find("--graphql-max-response-bytes"), std::string::npos);
}

TEST(config, server_hardening_options) {
  auto d = parse({});
  ASSERT_TRUE(d.cfg) << d.error;
  EXPECT_EQ(d.cfg->max_connections, 20'000u);
  EXPECT_EQ(d.cfg->max_connections_per_client, 512u);
  EXPECT_EQ(d.cfg->ws_max_distinct_subscriptions, 16u);
  EXPECT_EQ(d.cfg->max_subscription_keys, 10'000u);
  EXPECT_TRUE(d.cfg->allowed_origins.empty());
  EXPECT_TRUE(d.cfg->allowed_hosts.empty());
  auto p = parse({"--allowed-origins", "https://a.example, http://b.example:8080", "--allowed-hosts=dash.example",
                  "--max-connections", "100", "--max-connections-per-client", "10",
                  "--ws-max-distinct-subscriptions", "4", "--max-subscription-keys", "50"});
  ASSERT_TRUE(p.cfg) << p.error;
  EXPECT_EQ(p.cfg->allowed_origins, (std::vector<std::string>{"https://a.example", "http://b.example:8080"}));
  EXPECT_EQ(p.cfg->allowed_hosts, std::vector<std::string>{"dash.example"});
  EXPECT_EQ(p.cfg->max_connections, 100u);
  EXPECT_EQ(p.cfg->max_connections_per_client, 10u);
  EXPECT_EQ(p.cfg->ws_max_distinct_subscriptions, 4u);
  EXPECT_EQ(p.cfg->max_subscription_keys, 50u);
  EXPECT_FALSE(parse({"--max-connections-per-client", "0"}).cfg);
  auto env = wmpulse::app::parse_config({}, {{"WMPULSE_ALLOWED_ORIGINS", "https://c.example"}});
  ASSERT_TRUE(env.cfg) << env.error;
  EXPECT_EQ(env.cfg->allowed_origins, std::vector<std::string>{"https://c.example"});
}

// ---- absurd values are refused with the range (issue 10) ----------------------------------

TEST(config, absurd_numeric_values_are_refused_naming_the_range) {
  struct bad {
    std::vector<std::string> args;
    std::string says;
  };
  const bad cases[] = {
      {{"--subscription-rate", "1e-300"}, "pushes per second from 0.01 to 1000"},
      {{"--subscription-rate", "nan"}, "pushes per second"},
      {{"--subscription-rate", "inf"}, "pushes per second"},
      {{"--subscription-rate", "-1"}, "pushes per second"},
      {{"--subscription-rate", "0"}, "pushes per second"},
      {{"--generator-rate", "inf"}, "sessions per minute from 0.01"},
      {{"--generator-rate", "1e-300"}, "sessions per minute"},
      {{"--window", "2h"}, "from 1 s to 1 h"},
      {{"--tick", "1d"}, "from 10 ms to 1 min"},
      {{"--history", "3650d"}, "from 1 min to 1 d"},
      {{"--idle-timeout", "1000d"}, "from 1 s to 7 d"},
      {{"--max-sessions", "999999999999"}, "from 1 to 100000000"},
      {{"--max-body", "99999999999"}, "from 1 to 1073741824"},
      {{"--graphql-max-tokens", "18446744073709551615"}, "from 1 to"},
      {{"--port", "65536"}, "0-65535"},
      {{"--http-threads", "0"}, "1-64"},
  };
  for (const auto& c : cases) {
    auto p = parse(c.args);
    EXPECT_FALSE(p.cfg) << c.args[0] << " " << c.args[1];
    EXPECT_NE(p.error.find(c.says), std::string::npos) << p.error;
  }
}

TEST(config, values_at_the_edges_of_the_ranges_are_accepted) {
  auto p = parse({"--subscription-rate", "0.01", "--generator-rate", "1000000", "--window", "1h", "--tick", "10ms",
                  "--history", "1d", "--idle-timeout", "7d", "--max-sessions", "100000000"});
  ASSERT_TRUE(p.cfg) << p.error;
  EXPECT_EQ(p.cfg->window_ms, 3'600'000);
  EXPECT_EQ(p.cfg->history_seconds, 86'400);
}

TEST(config, insecure_genesys_upstreams_switch_takes_no_value) {
  auto p = parse({"--source", "genesys", "--genesys-allow-insecure-upstreams", "--region", "eu_west_1"});
  ASSERT_TRUE(p.cfg) << p.error;
  EXPECT_EQ(p.cfg->genesys_flags.at("genesys-allow-insecure-upstreams"), "true");
  EXPECT_EQ(p.cfg->genesys_flags.at("region"), "eu_west_1");
}

TEST(config, tutorial_idle_timeout_has_a_default_and_a_range) {
  EXPECT_EQ(parse({}).cfg->events_idle_timeout_ms, 30'000);
  auto p = parse({"--events-idle-timeout", "5s"});
  ASSERT_TRUE(p.cfg) << p.error;
  EXPECT_EQ(p.cfg->events_idle_timeout_ms, 5'000);
  auto bad = parse({"--events-idle-timeout", "0s"});
  EXPECT_FALSE(bad.cfg);
  EXPECT_NE(bad.error.find("from 1 s to 1 h"), std::string::npos) << bad.error;
}

TEST(config, queue_figure_thresholds_have_defaults_and_ranges) {
  const auto d = parse({});
  EXPECT_EQ(d.cfg->short_abandon_ms, 10'000);
  EXPECT_EQ(d.cfg->service_level_target_ms, 20'000);
  auto p = parse({"--short-abandon", "0s", "--service-level-target", "30s"});
  ASSERT_TRUE(p.cfg) << p.error;
  EXPECT_EQ(p.cfg->short_abandon_ms, 0);
  EXPECT_EQ(p.cfg->service_level_target_ms, 30'000);
  auto bad = parse({"--service-level-target", "2h"});
  EXPECT_FALSE(bad.cfg);
  EXPECT_NE(bad.error.find("to 1 h"), std::string::npos) << bad.error;
}

TEST(config, the_data_dir_comes_from_the_flag_or_the_environment_and_is_off_by_default) {
  auto p = parse({});
  ASSERT_TRUE(p.cfg);
  EXPECT_TRUE(p.cfg->data_dir.empty()) << "without --data-dir everything stays in memory";
  p = parse({"--data-dir", "/var/lib/wmpulse"}, {{"WMPULSE_DATA_DIR", "/elsewhere"}});
  ASSERT_TRUE(p.cfg) << p.error;
  EXPECT_EQ(p.cfg->data_dir, "/var/lib/wmpulse");
  p = parse({}, {{"WMPULSE_DATA_DIR", "/elsewhere"}});
  ASSERT_TRUE(p.cfg);
  EXPECT_EQ(p.cfg->data_dir, "/elsewhere");
  EXPECT_EQ(parse({"--data-dir="}).error, "--data-dir expects a directory");
}
