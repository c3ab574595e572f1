#include "genesys/region.hpp"

#include <gtest/gtest.h>

#include <set>

namespace wmpulse::genesys {
namespace {

TEST(region, table_has_all_eighteen_distinct_regions) {
  const auto all = known_regions();
  EXPECT_EQ(all.size(), 18u);
  std::set<std::string_view> names, domains;
  for (const auto& r : all) {
    names.insert(r.sdk_name);
    domains.insert(r.domain);
  }
  EXPECT_EQ(names.size(), 18u);
  EXPECT_EQ(domains.size(), 18u);
}

TEST(region, every_region_is_found_by_sdk_name_and_by_domain) {
  for (const auto& r : known_regions()) {
    auto by_name = find_region(r.sdk_name);
    ASSERT_TRUE(by_name) << r.sdk_name;
    EXPECT_EQ(by_name->domain, r.domain);
    auto by_domain = find_region(r.domain);
    ASSERT_TRUE(by_domain) << r.domain;
    EXPECT_EQ(by_domain->sdk_name, r.sdk_name);
  }
}

TEST(region, accepts_the_forms_the_sdk_accepts) {
  EXPECT_EQ(find_region("eu_west_1")->domain, "mypurecloud.ie");
  EXPECT_EQ(find_region("EU-WEST-1")->domain, "mypurecloud.ie");
  EXPECT_EQ(find_region("https://api.mypurecloud.de/")->sdk_name, "eu_central_1");
  EXPECT_EQ(find_region("login.euw2.pure.cloud")->sdk_name, "eu_west_2");
  EXPECT_EQ(find_region(" mypurecloud.com ")->sdk_name, "us_east_1");
  EXPECT_EQ(find_region("ap_southeast_2")->domain, "mypurecloud.com.au");
  EXPECT_EQ(find_region("us_east_2")->domain, "use2.us-gov-pure.cloud");
}

TEST(region, rejects_unknown_names_and_unconfirmed_aliases) {
  EXPECT_FALSE(find_region(""));
  EXPECT_FALSE(find_region("eu_west_9"));
  EXPECT_FALSE(find_region("example.com"));
  EXPECT_FALSE(find_region("mypurecloud.ca"));  // third-party alias, not in the SDK
  EXPECT_FALSE(find_region("apse2.pure.cloud"));
}

// As the SDK's setEnvironment: any domain is an environment; the table only says whether it is known.
TEST(region, any_domain_is_an_environment_flagged_when_unlisted) {
  EXPECT_EQ(find_environment("eu_west_1")->domain, "mypurecloud.ie");
  EXPECT_TRUE(find_environment("eu_west_1")->listed);
  const auto alias = find_environment("https://api.apse2.pure.cloud/");
  ASSERT_TRUE(alias);
  EXPECT_EQ(alias->domain, "apse2.pure.cloud");
  EXPECT_FALSE(alias->listed);
  EXPECT_EQ(find_environment("Login.New-Region.Pure.Cloud")->domain, "new-region.pure.cloud");
  EXPECT_FALSE(find_environment(""));
  EXPECT_FALSE(find_environment("eu_west_9"));          // no domain, no known name
  EXPECT_FALSE(find_environment("evil.com/path?x=1"));  // no host name
  EXPECT_FALSE(find_environment("a..b"));
}

TEST(region, hosts_are_derived_as_genesys_does) {
  EXPECT_EQ(login_base_for("euw2.pure.cloud"), "https://login.euw2.pure.cloud");
  EXPECT_EQ(api_base_for("euw2.pure.cloud"), "https://api.euw2.pure.cloud");
}

}  // namespace
}  // namespace wmpulse::genesys
