#include "net/url.hpp"

#include <gtest/gtest.h>

using wmpulse::net::parse_endpoint_url;

TEST(endpoint_url, splits_scheme_host_port_target) {
  auto u = parse_endpoint_url("wss://streaming.mypurecloud.ie/channels/abc?x=1");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "wss");
  EXPECT_EQ(u->host, "streaming.mypurecloud.ie");
  EXPECT_EQ(u->port, "443");
  EXPECT_EQ(u->target, "/channels/abc?x=1");
  EXPECT_TRUE(u->tls());
  EXPECT_EQ(u->host_header(), "streaming.mypurecloud.ie");
}

TEST(endpoint_url, keeps_explicit_ports_and_ipv6) {
  auto u = parse_endpoint_url("http://127.0.0.1:4100");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->port, "4100");
  EXPECT_EQ(u->target, "/");
  EXPECT_EQ(u->host_header(), "127.0.0.1:4100");
  auto v6 = parse_endpoint_url("ws://[::1]:9000/s");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->host_header(), "[::1]:9000");
}

TEST(endpoint_url, refuses_other_schemes_and_credentials) {
  EXPECT_FALSE(parse_endpoint_url("ftp://x/"));
  EXPECT_FALSE(parse_endpoint_url("https://user:secret@host/"));
  EXPECT_FALSE(parse_endpoint_url("not a url"));
  EXPECT_FALSE(parse_endpoint_url("/relative"));
}
