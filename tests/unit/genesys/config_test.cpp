#include "genesys/config.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

namespace wmpulse::genesys {
namespace {

env_lookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

const std::string secret = "s3cr3t-value-never-shown";

TEST(config, reads_the_documented_variables) {
  auto r = config_from_env(env_of({{"GENESYS_CLOUD_REGION", "eu_west_2"},
                                   {"GENESYS_CLOUD_CLIENT_ID", "id-1"},
                                   {"GENESYS_CLOUD_CLIENT_SECRET", secret},
                                   {"GENESYS_CLOUD_QUEUE_IDS", "q1, q2,,q3"}}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r.value().region_domain, "euw2.pure.cloud");
  EXPECT_EQ(r.value().login_base, "https://login.euw2.pure.cloud");
  EXPECT_EQ(r.value().api_base, "https://api.euw2.pure.cloud");
  EXPECT_EQ(r.value().client_id, "id-1");
  EXPECT_EQ(r.value().client_secret, secret);
  EXPECT_EQ(r.value().queue_ids, (std::vector<std::string>{"q1", "q2", "q3"}));
}

TEST(config, accepts_the_tutorial_aliases) {
  auto r = config_from_env(env_of({{"GENESYS_ENV", "mypurecloud.ie"},
                                   {"GENESYS_CLIENT_ID", "id-2"},
                                   {"GENESYS_CLIENT_SECRET", secret}}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r.value().api_base, "https://api.mypurecloud.ie");
  EXPECT_EQ(r.value().client_id, "id-2");
}

TEST(config, reads_the_secret_from_a_file_without_its_newline) {
  const auto path = std::filesystem::temp_directory_path() / ("genesys_secret_" + std::to_string(::getpid()));
  std::ofstream(path) << secret << "\n";
  auto r = config_from_env(env_of({{"GENESYS_CLOUD_REGION", "eu_west_1"},
                                   {"GENESYS_CLOUD_CLIENT_ID", "id"},
                                   {"GENESYS_CLOUD_CLIENT_SECRET_FILE", path.string()}}));
  std::filesystem::remove(path);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r.value().client_secret, secret);
}

TEST(config, missing_secret_is_a_clear_error) {
  auto r = config_from_env(env_of({{"GENESYS_CLOUD_REGION", "eu_west_1"}, {"GENESYS_CLOUD_CLIENT_ID", "id"}}));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("GENESYS_CLOUD_CLIENT_SECRET"), std::string::npos);
}

TEST(config, unknown_region_is_a_clear_error_without_the_secret) {
  auto r = config_from_env(env_of({{"GENESYS_CLOUD_REGION", "mars_north_1"},
                                   {"GENESYS_CLOUD_CLIENT_ID", "id"},
                                   {"GENESYS_CLOUD_CLIENT_SECRET", secret}}));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("mars_north_1"), std::string::npos);
  EXPECT_EQ(r.error().message.find(secret), std::string::npos);
}

TEST(config, an_unlisted_region_domain_is_used_with_a_warning) {
  auto r = config_from_env(env_of({{"GENESYS_CLOUD_REGION", "apse2.pure.cloud"},
                                   {"GENESYS_CLOUD_CLIENT_ID", "id"},
                                   {"GENESYS_CLOUD_CLIENT_SECRET", secret}}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r.value().login_base, "https://login.apse2.pure.cloud");
  EXPECT_EQ(r.value().api_base, "https://api.apse2.pure.cloud");
  EXPECT_NE(r.value().region_warning.find("apse2.pure.cloud"), std::string::npos);
  auto known = config_from_env(env_of({{"GENESYS_CLOUD_REGION", "eu_west_1"},
                                       {"GENESYS_CLOUD_CLIENT_ID", "id"},
                                       {"GENESYS_CLOUD_CLIENT_SECRET", secret}}));
  ASSERT_TRUE(known);
  EXPECT_TRUE(known.value().region_warning.empty());
}

TEST(config, base_overrides_replace_the_region) {
  config_overrides o;
  o.login_base = "https://127.0.0.1:8443/";
  o.api_base = "https://127.0.0.1:8443";
  o.ca_file = "/tmp/ca.pem";
  auto r = config_from_env(env_of({{"GENESYS_CLOUD_CLIENT_ID", "id"}, {"GENESYS_CLOUD_CLIENT_SECRET", secret}}), o);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r.value().login_base, "https://127.0.0.1:8443");
  EXPECT_EQ(r.value().api_base, "https://127.0.0.1:8443");
  EXPECT_EQ(r.value().ca_file, "/tmp/ca.pem");
}

TEST(config, base_with_credentials_is_refused) {
  config_overrides o;
  o.login_base = "https://user:pw@127.0.0.1:8443";
  o.api_base = "https://127.0.0.1:8443";
  auto r = config_from_env(env_of({{"GENESYS_CLOUD_CLIENT_ID", "id"}, {"GENESYS_CLOUD_CLIENT_SECRET", secret}}), o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.find("pw"), std::string::npos);
}

TEST(config, no_region_and_no_bases_is_an_error) {
  auto r = config_from_env(env_of({{"GENESYS_CLOUD_CLIENT_ID", "id"}, {"GENESYS_CLOUD_CLIENT_SECRET", secret}}));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("GENESYS_CLOUD_REGION"), std::string::npos);
}

TEST(config, flags_from_the_service_are_applied_and_unknown_ones_refused) {
  auto env = env_of({{"GENESYS_CLOUD_CLIENT_ID", "id"}, {"GENESYS_CLOUD_CLIENT_SECRET", secret}});
  auto r = config_from_flags({{"region", "ap_northeast_1"},
                              {"queues", "a,b"},
                              {"queue-refresh", "2m"},
                              {"counting-utc-offset", "+02:00"},
                              {"backfill-lookback", "12h"}},
                             "/ca.pem", env);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r.value().api_base, "https://api.mypurecloud.jp");
  EXPECT_EQ(r.value().queue_ids.size(), 2u);
  EXPECT_EQ(r.value().queue_rediscovery_ms, 120'000);
  EXPECT_EQ(r.value().counting_utc_offset_minutes, 120);
  EXPECT_EQ(r.value().backfill_lookback_ms, 12 * 3'600'000LL);
  EXPECT_EQ(r.value().ca_file, "/ca.pem");
  EXPECT_FALSE(config_from_flags({{"regoin", "x"}}, "", env));
  EXPECT_FALSE(config_from_flags({{"region", "eu_west_1"}, {"queue-refresh", "soon"}}, "", env));
}

// ---- plain upstreams and absurd durations (issue 10) -------------------------------------------

TEST(config, plain_http_upstreams_are_refused_unless_explicitly_allowed) {
  auto env = env_of({{"GENESYS_CLOUD_CLIENT_ID", "id"}, {"GENESYS_CLOUD_CLIENT_SECRET", secret}});
  auto r = config_from_flags({{"login-base", "http://127.0.0.1:9"}, {"api-base", "https://127.0.0.1:9"}}, "", env);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("--genesys-allow-insecure-upstreams"), std::string::npos) << r.error().message;
  auto allowed = config_from_flags({{"login-base", "http://127.0.0.1:9"},
                                    {"api-base", "http://127.0.0.1:9"},
                                    {"genesys-allow-insecure-upstreams", "true"}},
                                   "", env);
  ASSERT_TRUE(allowed) << allowed.error().message;
  EXPECT_TRUE(allowed.value().allow_insecure_upstreams);
}

TEST(config, durations_outside_their_range_are_refused_naming_it) {
  auto env = env_of({{"GENESYS_CLOUD_CLIENT_ID", "id"}, {"GENESYS_CLOUD_CLIENT_SECRET", secret}});
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"reconcile-interval", "1ms"}, {"queue-refresh", "400d"}, {"backfill-lookback", "30d"}}) {
    auto r = config_from_flags({{"region", "eu_west_1"}, {name, value}}, "", env);
    ASSERT_FALSE(r) << name;
    EXPECT_NE(r.error().message.find("from 1 s to"), std::string::npos) << r.error().message;
  }
}

}  // namespace
}  // namespace wmpulse::genesys
