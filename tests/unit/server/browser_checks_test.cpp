#include "server/browser_checks.hpp"

#include <gtest/gtest.h>

namespace wmpulse::server {
namespace {

TEST(browser_checks, origin_absent_or_same_origin_passes) {
  browser_policy p;
  EXPECT_FALSE(check_origin(p, "", "localhost:4000"));
  EXPECT_FALSE(check_origin(p, "http://localhost:4000", "localhost:4000"));
  EXPECT_FALSE(check_origin(p, "https://Dash.Example", "dash.example"));
  EXPECT_FALSE(check_origin(p, "http://dash.example", "dash.example:80"));
}

TEST(browser_checks, other_origins_are_403_unless_listed) {
  browser_policy p;
  auto refused = check_origin(p, "https://evil.example", "localhost:4000");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403u);
  EXPECT_NE(refused->body.find("evil.example"), std::string::npos);
  EXPECT_NE(refused->body.find("--allowed-origins"), std::string::npos);
  EXPECT_TRUE(check_origin(p, "null", "localhost:4000"));
  EXPECT_TRUE(check_origin(p, "http://localhost:4001", "localhost:4000")) << "another port is another origin";
  p.allowed_origins = {"https://evil.example/"};
  EXPECT_FALSE(check_origin(p, "https://evil.example", "localhost:4000"));
}

TEST(browser_checks, host_is_checked_only_when_configured) {
  browser_policy p;
  EXPECT_FALSE(check_host(p, "rebind.attacker.example"));
  p.allowed_hosts = {"dash.example", "localhost"};
  EXPECT_FALSE(check_host(p, "dash.example:4000"));
  EXPECT_FALSE(check_host(p, "LOCALHOST"));
  auto refused = check_host(p, "rebind.attacker.example:4000");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403u);
  EXPECT_TRUE(check_host(p, ""));
}

}  // namespace
}  // namespace wmpulse::server
