#include "core/log.hpp"

#include <gtest/gtest.h>

using namespace wmpulse::core;

TEST(rate_limiter, lets_one_record_per_key_per_interval) {
  manual_clock clock(10'000);
  rate_limiter limiter(clock, 1000);
  std::uint64_t suppressed = 99;
  EXPECT_TRUE(limiter.allow("bad_json", suppressed));
  EXPECT_EQ(suppressed, 0u);
  EXPECT_FALSE(limiter.allow("bad_json", suppressed));
  EXPECT_FALSE(limiter.allow("bad_json", suppressed));
  EXPECT_TRUE(limiter.allow("too_large", suppressed)) << "keys are independent";
  clock.advance(999);
  EXPECT_FALSE(limiter.allow("bad_json", suppressed));
  clock.advance(1);
  EXPECT_TRUE(limiter.allow("bad_json", suppressed));
  EXPECT_EQ(suppressed, 3u);
}

TEST(log_level, parses_names) {
  log_level l{};
  EXPECT_TRUE(parse_log_level("warn", l));
  EXPECT_EQ(l, log_level::warn);
  EXPECT_FALSE(parse_log_level("loud", l));
}

// ---- text and JSON lines, secrets masked (issue 13) -----------------------------------------

TEST(log_format, parses_names) {
  log_format f{};
  EXPECT_TRUE(parse_log_format("json", f));
  EXPECT_EQ(f, log_format::json);
  EXPECT_TRUE(parse_log_format("text", f));
  EXPECT_EQ(f, log_format::text);
  EXPECT_FALSE(parse_log_format("xml", f));
}

TEST(log_format, text_lines_carry_fields_as_key_value) {
  EXPECT_EQ(format_log_record(log_format::text, 0, log_level::warn, "genesys", "login refused", {{"status", "401"}}),
            "1970-01-01T00:00:00.000Z warn  [genesys] login refused status=401\n");
}

TEST(log_format, json_lines_have_time_level_component_message_and_fields) {
  EXPECT_EQ(format_log_record(log_format::json, 1'000, log_level::error, "source", "bad \"frame\"\n\x01",
                              {{"url", "wss://h/x?***"}, {"attempt", "3"}}),
            "{\"time\":\"1970-01-01T00:00:01.000Z\",\"level\":\"error\",\"component\":\"source\","
            "\"message\":\"bad \\\"frame\\\"\\n\\u0001\",\"url\":\"wss://h/x?***\",\"attempt\":\"3\"}\n");
}

TEST(log_secrets, registered_secrets_never_reach_stderr) {
  add_log_secret("s3cr3t-value-for-the-log-test");
  add_log_secret("abc");  // too short to mask without mangling ordinary text
  ::testing::internal::CaptureStderr();
  log_error("test", "token s3cr3t-value-for-the-log-test refused; again s3cr3t-value-for-the-log-test; abc");
  log(log_level::error, "test", "field", {{"token", "s3cr3t-value-for-the-log-test"}});
  const std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(out.find("s3cr3t"), std::string::npos) << out;
  EXPECT_NE(out.find("token *** refused; again ***; abc"), std::string::npos) << out;
  EXPECT_NE(out.find("token=***"), std::string::npos) << out;
}

TEST(log_secrets, only_the_newest_rotating_secrets_are_kept) {
  for (int i = 0; i < 20; ++i) add_log_secret("rotating-token-" + std::to_string(100 + i), secret_lifetime::rotating);
  ::testing::internal::CaptureStderr();
  log_error("test", "rotating-token-119 rotating-token-112 rotating-token-111");
  const std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(out.find("*** *** rotating-token-111"), std::string::npos) << out;
}
