#include "net/proxy.hpp"

#include <gtest/gtest.h>

#include <map>

namespace {

using wmpulse::net::proxy_from_environment;
using wmpulse::net::proxy_settings;

wmpulse::net::environment env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(proxy, none_without_https_proxy) {
  auto p = proxy_from_environment(env_of({{"HTTP_PROXY", "http://ignored:1"}}));
  ASSERT_TRUE(p);
  EXPECT_FALSE(p.value().has_value());
}

TEST(proxy, reads_host_port_and_credentials_and_never_shows_them) {
  auto p = proxy_from_environment(env_of({{"HTTPS_PROXY", "http://alice:s%40cret@proxy.corp:3128/"}}));
  ASSERT_TRUE(p && p.value());
  const auto& s = *p.value();
  EXPECT_EQ(s.host, "proxy.corp");
  EXPECT_EQ(s.port, "3128");
  EXPECT_EQ(s.authorization, wmpulse::net::basic_authorization("alice", "s@cret"));
  EXPECT_EQ(s.display(), "http://proxy.corp:3128");
}

TEST(proxy, lower_case_names_and_bare_host_port_as_curl_reads_them) {
  auto p = proxy_from_environment(env_of({{"https_proxy", "10.0.0.1:8080"}, {"no_proxy", "Internal.Corp"}}));
  ASSERT_TRUE(p && p.value());
  EXPECT_EQ(p.value()->host, "10.0.0.1");
  EXPECT_EQ(p.value()->port, "8080");
  EXPECT_TRUE(p.value()->authorization.empty());
  EXPECT_FALSE(p.value()->applies_to("api.internal.corp"));
}

TEST(proxy, a_malformed_url_is_refused_without_echoing_its_password) {
  auto p = proxy_from_environment(env_of({{"HTTPS_PROXY", "http://bob:hunter2@/nohost"}}));
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().find("HTTPS_PROXY"), std::string::npos);
  EXPECT_EQ(p.error().find("hunter2"), std::string::npos);
  auto tls_proxy = proxy_from_environment(env_of({{"HTTPS_PROXY", "https://proxy.corp:443"}}));
  ASSERT_FALSE(tls_proxy);
  EXPECT_NE(tls_proxy.error().find("only http://"), std::string::npos);
}

TEST(proxy, no_proxy_matches_hosts_domains_and_star) {
  proxy_settings p{"proxy", "3128", {}, {"localhost", ".corp.example", "example.org", "10.1.2.3"}};
  EXPECT_FALSE(p.applies_to("localhost"));
  EXPECT_FALSE(p.applies_to("a.corp.example"));
  EXPECT_FALSE(p.applies_to("corp.example"));
  EXPECT_FALSE(p.applies_to("API.Example.org"));
  EXPECT_FALSE(p.applies_to("10.1.2.3"));
  EXPECT_TRUE(p.applies_to("notexample.org"));
  EXPECT_TRUE(p.applies_to("api.mypurecloud.com"));
  EXPECT_TRUE(p.applies_to("10.1.2.30"));
  proxy_settings all{"proxy", "3128", {}, {"*"}};
  EXPECT_FALSE(all.applies_to("api.mypurecloud.com"));
}

TEST(proxy, basic_authorization_is_base64_of_user_colon_password) {
  EXPECT_EQ(wmpulse::net::basic_authorization("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
}

}  // namespace
