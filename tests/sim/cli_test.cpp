#include <gtest/gtest.h>

#include "sim/cli.hpp"

namespace wmpulse::sim {
namespace {

TEST(cli, documented_flags_parse) {
  cli_config c;
  std::string error;
  ASSERT_TRUE(parse_cli({"--port", "0", "--tls", "--ca-out", "/tmp/ca.pem", "--client-id", "id", "--client-secret", "s",
                         "--seed", "5", "--queues", "4", "--rate", "90", "--speed", "120", "--duration", "10m",
                         "--fault", "gap@60,seconds=30", "--fault", "drop@120"},
                        c, error))
      << error;
  EXPECT_EQ(c.port, 0);
  EXPECT_TRUE(c.tls);
  EXPECT_EQ(c.ca_out, "/tmp/ca.pem");
  EXPECT_EQ(c.sim.client_id, "id");
  EXPECT_EQ(c.sim.workload.seed, 5u);
  EXPECT_EQ(c.sim.workload.queues, 4);
  EXPECT_EQ(c.sim.workload.web_per_minute, 90);
  EXPECT_EQ(c.sim.speed, 120);
  EXPECT_EQ(c.sim.workload.duration_ms, 600'000);
  ASSERT_EQ(c.sim.faults.size(), 2u);
  EXPECT_EQ(c.sim.faults[0].command.type, "gap");
  EXPECT_EQ(c.sim.faults[0].offset_ms, 60'000);
  EXPECT_EQ(c.sim.faults[0].command.params.at("seconds"), "30");
}

TEST(cli, short_lifetimes_non_message_entries_and_bots_parse) {
  cli_config c;
  std::string error;
  ASSERT_TRUE(parse_cli({"--channel-ttl", "0.5", "--token-lifetime", "3", "--non-message-rate", "0.25", "--bot-share", "0.4",
                         "--bot-only-share", "0.5"},
                        c, error))
      << error;
  EXPECT_EQ(c.sim.channels.ttl_ms, 500);
  EXPECT_EQ(c.sim.token_lifetime_ms, 3'000);
  EXPECT_EQ(c.sim.workload.non_message_rate, 0.25);
  EXPECT_EQ(c.sim.workload.bot_share, 0.4);
  EXPECT_EQ(c.sim.workload.bot_only_share, 0.5);
  EXPECT_FALSE(parse_cli({"--non-message-rate", "1.5"}, c, error));
  EXPECT_FALSE(parse_cli({"--channel-ttl", "0.01"}, c, error));
}

TEST(cli, bad_values_are_clear_errors) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--port", "70000"}, {"--speed", "fast"}, {"--duration", "10x"}, {"--fault", "explode@1"},
           {"--fault", "drop"}, {"--bogus"}, {"--ca-out", "x.pem"}, {"--rate"}}) {
    cli_config c;
    std::string error;
    EXPECT_FALSE(parse_cli(args, c, error)) << args[0];
    EXPECT_FALSE(error.empty());
  }
}

// The simulator reads durations as the service does (core/duration.hpp), "250ms" included.
TEST(cli, durations_read_as_the_service_reads_them) {
  for (const auto& [text, ms] : std::vector<std::pair<std::string, millis>>{
           {"90", 90'000}, {"90s", 90'000}, {"2h", 7'200'000}, {"1.5m", 90'000}, {"250ms", 250}}) {
    cli_config c;
    std::string error;
    ASSERT_TRUE(parse_cli({"--duration", text}, c, error)) << text << ": " << error;
    EXPECT_EQ(c.sim.workload.duration_ms, ms) << text;
  }
  cli_config c;
  std::string error;
  EXPECT_FALSE(parse_cli({"--duration", ""}, c, error));
}

}  // namespace
}  // namespace wmpulse::sim
