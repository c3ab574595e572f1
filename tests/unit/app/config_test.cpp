#include "app/config.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "app/options.hpp"

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

// ---- one option table: flags, environment, config file (issue 13) -------------------------

namespace {

// A config file in the test's temporary directory, removed at the end of the test.
struct temp_file {
  explicit temp_file(const std::string& text) {
    path = (std::filesystem::temp_directory_path() /
            ("wmpulse-config-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".toml"))
               .string();
    std::ofstream(path) << text;
  }
  ~temp_file() { std::filesystem::remove(path); }
  std::string path;
  static inline int counter = 0;
};

std::string error_of(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  auto p = parse_config(args, env);
  EXPECT_FALSE(p.cfg) << "accepted: " << (args.empty() ? std::string() : args[0]);
  return p.error;
}

}  // namespace

TEST(config, flags_win_over_environment_over_file_over_defaults) {
  temp_file f("[server]\nport = 4100\nbind = \"127.0.0.1\"\n[aggregation]\nwindow = \"5m\"\n");
  auto file_only = parse({"--config", f.path});
  ASSERT_TRUE(file_only.cfg) << file_only.error;
  EXPECT_EQ(file_only.cfg->port, 4100);
  EXPECT_EQ(file_only.cfg->bind_address, "127.0.0.1");
  EXPECT_EQ(file_only.cfg->window_ms, 300'000);
  EXPECT_EQ(file_only.cfg->tick_ms, 100) << "what no layer sets keeps its default";
  auto env = parse({}, {{"WMPULSE_CONFIG", f.path}, {"WMPULSE_PORT", "4200"}});
  ASSERT_TRUE(env.cfg) << env.error;
  EXPECT_EQ(env.cfg->port, 4200);
  EXPECT_EQ(env.cfg->window_ms, 300'000);
  auto flag = parse({"--config", f.path, "--port", "4300"}, {{"WMPULSE_PORT", "4200"}});
  ASSERT_TRUE(flag.cfg) << flag.error;
  EXPECT_EQ(flag.cfg->port, 4300);
}

TEST(config, older_environment_names_still_work_and_the_new_name_wins) {
  EXPECT_EQ(parse({}, {{"PORT", "4200"}}).cfg->port, 4200);
  EXPECT_EQ(parse({}, {{"PORT", "4200"}, {"WMPULSE_PORT", "4201"}}).cfg->port, 4201);
  auto g = parse({}, {{"GENESYS_CLOUD_REGION", "eu_west_1"}, {"GENESYS_CLIENT_ID", "legacy-id"}});
  ASSERT_TRUE(g.cfg) << g.error;
  EXPECT_EQ(g.cfg->genesys_flags.at("region"), "eu_west_1");
  EXPECT_EQ(g.cfg->genesys_env.at("GENESYS_CLOUD_CLIENT_ID"), "legacy-id");
}

TEST(config, every_option_has_a_flag_or_is_a_secret_and_every_name_is_unique) {
  std::set<std::string_view> flags, envs, keys;
  for (const auto& o : options()) {
    EXPECT_TRUE(!o.flag.empty() || o.secret || o.file_key.find("client") != std::string_view::npos) << o.file_key;
    if (!o.flag.empty()) {
      EXPECT_TRUE(flags.insert(o.flag).second) << o.flag;
      std::string want = "WMPULSE_" + std::string(o.flag);
      for (auto& ch : want) ch = ch == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      const auto names = env_names(o);
      EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << o.flag << " has no " << want;
    }
    EXPECT_TRUE(envs.insert(o.env).second) << o.env;
    EXPECT_TRUE(keys.insert(o.file_key).second) << o.file_key;
  }
}

TEST(config, each_bad_value_names_its_option_and_where_it_came_from) {
  temp_file f("[graphql]\nmax_depth = 0\n");
  EXPECT_EQ(error_of({"--config", f.path}),
            "config file " + f.path + ": [graphql] max_depth: expects a whole number from 1 to 1000000000");
  EXPECT_EQ(error_of({}, {{"WMPULSE_PORT", "70000"}}), "environment WMPULSE_PORT: expects a port number 0-65535");
  EXPECT_EQ(error_of({}, {{"PORT", "x"}}), "environment PORT: expects a port number 0-65535");
  EXPECT_EQ(error_of({"--port", "70000"}), "--port: expects a port number 0-65535");
  temp_file top("source = \"kafka\"\n");
  EXPECT_EQ(error_of({"--config", top.path}),
            "config file " + top.path + ": source: expects genesys, tutorial, generator, replay or none");
}

TEST(config, unknown_keys_and_tables_in_the_file_are_refused) {
  temp_file key("[graphql]\nmax_depht = 8\n");
  EXPECT_EQ(error_of({"--config", key.path}), "config file " + key.path + ": [graphql] max_depht: unknown key");
  temp_file table("[grahpql]\nmax_depth = 8\n");
  EXPECT_EQ(error_of({"--config", table.path}), "config file " + table.path + ": [grahpql]: unknown table");
  temp_file top("prot = 1\n");
  EXPECT_EQ(error_of({"--config", top.path}), "config file " + top.path + ": prot: unknown key");
  temp_file deep("[server.tls]\ncert = \"x\"\n");
  EXPECT_EQ(error_of({"--config", deep.path}), "config file " + deep.path + ": [server] tls: unknown key");
  temp_file shape("[server]\nport = [1, 2]\n");
  EXPECT_NE(error_of({"--config", shape.path}).find("[server] port: expects a value, not a list"), std::string::npos);
}

TEST(config, malformed_or_missing_files_are_refused_with_the_place) {
  temp_file broken("[server]\nport = \n");
  const auto e = error_of({"--config", broken.path});
  EXPECT_EQ(e.rfind("config file " + broken.path + ": line 2", 0), 0u) << e;
  EXPECT_EQ(error_of({"--config", "/nonexistent/wmpulse.toml"}), "config file /nonexistent/wmpulse.toml: cannot be read");
}

TEST(config, thresholds_are_read_from_the_default_and_per_queue_tables) {
  temp_file f(
      "[thresholds.default]\nwaiting = { warn = 5, alert = 10 }\nlongest_waiting.warn = \"1m\"\nlongest_waiting.alert = \"3m\"\n"
      "service_level = { warn = 0.8, alert = 0.6 }\nabandon_rate = { warn = 0.05, alert = 0.1 }\nfirst_response.alert = \"90s\"\n"
      "[thresholds.queue.\"Support EN\"]\nservice_level_target = \"30s\"\nwaiting.warn = 2\nservice_level = { warn = 1, alert = 0 }\n"
      "[thresholds.queue.6f0c4a3e-1b2d-4c5e-8f90-123456789abc]\n");
  auto p = parse({"--config", f.path});
  ASSERT_TRUE(p.cfg) << p.error;
  const auto& t = p.cfg->thresholds;
  EXPECT_EQ(t.defaults.waiting.warn, 5.0);
  EXPECT_EQ(t.defaults.waiting.alert, 10.0);
  EXPECT_EQ(t.defaults.longest_waiting_ms.warn, 60'000.0);
  EXPECT_EQ(t.defaults.longest_waiting_ms.alert, 180'000.0);
  EXPECT_EQ(t.defaults.service_level.alert, 0.6);
  EXPECT_EQ(t.defaults.abandon_rate.warn, 0.05);
  EXPECT_FALSE(t.defaults.avg_first_response_ms.warn.has_value());
  EXPECT_EQ(t.defaults.avg_first_response_ms.alert, 90'000.0);
  const auto& q = t.queues.at("Support EN");
  EXPECT_EQ(q.service_level_target_ms, 30'000);
  EXPECT_EQ(q.waiting.warn, 2.0);
  EXPECT_EQ(q.service_level.warn, 1.0) << "a whole number is a fraction too";
  EXPECT_TRUE(t.queues.contains("6f0c4a3e-1b2d-4c5e-8f90-123456789abc"));
}

TEST(config, bad_thresholds_are_refused_naming_the_file_table_and_key) {
  const std::pair<const char*, const char*> cases[] = {
      {"[thresholds.default]\nwaitng.warn = 1\n", "[thresholds.default] waitng: unknown key"},
      {"[thresholds.default]\nwaiting.warm = 1\n", "[thresholds.default] waiting.warm: unknown key (warn or alert)"},
      {"[thresholds.default]\nwaiting.warn = -1\n", "[thresholds.default] waiting.warn: expects a whole number"},
      {"[thresholds.default]\nwaiting.warn = 1.5\n", "[thresholds.default] waiting.warn: expects a whole number"},
      {"[thresholds.default]\nwaiting = 3\n", "[thresholds.default] waiting: expects warn and/or alert"},
      {"[thresholds.default]\nabandon_rate.alert = 1.5\n", "[thresholds.default] abandon_rate.alert: expects a fraction from 0 to 1"},
      {"[thresholds.default]\nlongest_waiting.warn = 60\n", "[thresholds.default] longest_waiting.warn: expects a duration"},
      {"[thresholds.default]\nfirst_response.warn = \"soon\"\n", "[thresholds.default] first_response.warn: expects a duration"},
      {"[thresholds.default]\nwaiting = { warn = 10, alert = 5 }\n", "[thresholds.default]: waiting: alert must be at least warn"},
      {"[thresholds.default]\nservice_level = { warn = 0.6, alert = 0.8 }\n", "[thresholds.default]: service_level: alert must be at most warn"},
      {"[thresholds.default]\nservice_level_target = \"20s\"\n", "[thresholds.default] service_level_target: the default target is"},
      {"[thresholds.queue.q]\nservice_level_target = \"500ms\"\n", "[thresholds.queue.\"q\"] service_level_target: expects a duration from 1s to 1h"},
      {"[thresholds.queue.\"\"]\n", "[thresholds.queue.\"\"]: a queue id or name has 1 to 256 bytes"},
      {"[thresholds.queue]\nq = 3\n", "[thresholds.queue.\"q\"]: expects a table"},
      {"[thresholds.defaults]\n", "[thresholds] defaults: unknown key (default or queue)"},
      {"thresholds = 1\n", "thresholds: expects tables"},
  };
  for (const auto& [text, expected] : cases) {
    temp_file f(text);
    const auto e = error_of({"--config", f.path});
    EXPECT_EQ(e.rfind("config file " + f.path + ": ", 0), 0u) << e;
    EXPECT_NE(e.find(expected), std::string::npos) << "file: " << text << "\nerror: " << e;
  }
}

TEST(config, lists_durations_and_switches_read_from_the_file) {
  temp_file f(
      "source = \"genesys\"\n[server]\nallowed_hosts = [\"a.example\", \"b.example\"]\n"
      "[genesys]\nregion = \"eu_west_1\"\nqueues = [\"q1\", \"q2\"]\nallow_insecure_upstreams = true\n"
      "client_id = \"file-id\"\nclient_secret = \"file-secret\"\n"
      "[generator]\nrate = 30.5\n[log]\nformat = \"json\"\n");
  auto p = parse({"--config", f.path}, {{"GENESYS_CLOUD_CLIENT_SECRET", "env-secret"}});
  ASSERT_TRUE(p.cfg) << p.error;
  EXPECT_EQ(p.cfg->allowed_hosts, (std::vector<std::string>{"a.example", "b.example"}));
  EXPECT_EQ(p.cfg->genesys_flags.at("queues"), "q1,q2");
  EXPECT_EQ(p.cfg->genesys_flags.at("genesys-allow-insecure-upstreams"), "true");
  EXPECT_EQ(p.cfg->genesys_env.at("GENESYS_CLOUD_CLIENT_ID"), "file-id");
  EXPECT_EQ(p.cfg->genesys_env.at("GENESYS_CLOUD_CLIENT_SECRET"), "env-secret") << "environment over file";
  EXPECT_DOUBLE_EQ(p.cfg->generator_rate, 30.5);
  EXPECT_EQ(p.cfg->log_format, wmpulse::core::log_format::json);
}

TEST(config, print_config_masks_secrets_and_reads_back_as_the_same_configuration) {
  auto p = parse({"--source", "tutorial", "--events-url", "wss://h.example/s", "--allowed-origins", "https://a.example",
                  "--graphql-max-depth", "9", "--clock", "event", "--history", "2h", "--region", "eu_west_1"},
                 {{"WMPULSE_EVENTS_TOKEN", "tutorial-token-123"}, {"GENESYS_CLOUD_CLIENT_SECRET", "client-secret-456"}});
  ASSERT_TRUE(p.cfg) << p.error;
  const auto printed = print_config(*p.cfg);
  EXPECT_EQ(printed.find("tutorial-token-123"), std::string::npos) << printed;
  EXPECT_EQ(printed.find("client-secret-456"), std::string::npos) << printed;
  EXPECT_NE(printed.find("events_token = \"***\""), std::string::npos) << printed;
  EXPECT_NE(printed.find("[graphql]\n"), std::string::npos) << printed;
  EXPECT_NE(printed.find("max_depth = 9\n"), std::string::npos) << printed;
  // Read back (secrets come from the environment again): the same configuration.
  temp_file f(printed);
  auto again = parse({"--config", f.path},
                     {{"WMPULSE_EVENTS_TOKEN", "tutorial-token-123"}, {"GENESYS_CLOUD_CLIENT_SECRET", "client-secret-456"}});
  ASSERT_TRUE(again.cfg) << again.error << "\n" << printed;
  auto reprinted = print_config(*again.cfg);
  reprinted.replace(reprinted.find("config file " + f.path + " > "), ("config file " + f.path + " > ").size(), "");
  EXPECT_EQ(reprinted, printed);
}

TEST(config, version_and_print_config_are_requests_not_settings) {
  auto v = parse({"--version"});
  EXPECT_TRUE(v.version_requested);
  EXPECT_EQ(version_text().rfind("wmpulse ", 0), 0u);
  EXPECT_NE(version_text().find("(build "), std::string::npos);
  auto pc = parse({"--print-config", "--port", "4100"});
  ASSERT_TRUE(pc.cfg) << pc.error;
  EXPECT_TRUE(pc.print_config_requested);
  EXPECT_FALSE(parse({"--print-config", "--port", "x"}).cfg) << "a bad configuration is not printed";
}

TEST(config, help_lists_every_flag_and_environment_name) {
  const auto help = usage();
  for (const auto& o : options()) {
    if (!o.flag.empty()) {
      EXPECT_NE(help.find("--" + std::string(o.flag)), std::string::npos) << o.flag;
    }
    EXPECT_NE(help.find(std::string(o.env)), std::string::npos) << o.env;
  }
  EXPECT_NE(help.find("--config FILE"), std::string::npos);
}

// docs/CONFIGURATION.md holds the table the code generates, between two markers; on a
// mismatch the expected table is written next to the test binary to paste in.
TEST(config, configuration_doc_lists_every_option) {
  std::ifstream in(std::string(WMPULSE_SOURCE_DIR) + "/docs/CONFIGURATION.md");
  const std::string doc{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const std::string begin = "<!-- options:begin -->\n", end = "<!-- options:end -->";
  const auto b = doc.find(begin), e = doc.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  const std::string table = doc.substr(b + begin.size(), e - b - begin.size());
  if (table != options_markdown()) std::ofstream("CONFIGURATION.options.md") << options_markdown();
  EXPECT_EQ(table, options_markdown()) << "regenerate from build/tests/CONFIGURATION.options.md";
  for (const auto& o : options()) EXPECT_NE(table.find(std::string(o.env)), std::string::npos) << o.env;
}

TEST(config, queue_figure_thresholds_come_from_the_environment_and_the_file_too) {
  temp_file f("[aggregation]\nshort_abandon = \"5s\"\nservice_level_target = \"45s\"\n");
  auto file = parse({"--config", f.path});
  ASSERT_TRUE(file.cfg) << file.error;
  EXPECT_EQ(file.cfg->short_abandon_ms, 5'000);
  EXPECT_EQ(file.cfg->service_level_target_ms, 45'000);
  auto env = parse({}, {{"WMPULSE_SHORT_ABANDON", "0s"}, {"WMPULSE_SERVICE_LEVEL_TARGET", "1m"}});
  ASSERT_TRUE(env.cfg) << env.error;
  EXPECT_EQ(env.cfg->short_abandon_ms, 0);
  EXPECT_EQ(env.cfg->service_level_target_ms, 60'000);
  EXPECT_EQ(error_of({}, {{"WMPULSE_SERVICE_LEVEL_TARGET", "0s"}}),
            "environment WMPULSE_SERVICE_LEVEL_TARGET: expects a duration such as 60s, 5m or 250ms, from 1 s to 1 h");
}
