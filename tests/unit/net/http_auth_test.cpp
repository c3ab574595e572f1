#include "net/http_auth.hpp"

#include <gtest/gtest.h>

namespace wmpulse::net {
namespace {

TEST(http_auth, basic_header_gives_user_and_password) {
  // base64("alice:open sesame:42")
  auto c = parse_basic_authorization("Basic YWxpY2U6b3BlbiBzZXNhbWU6NDI=");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->user, "alice");
  EXPECT_EQ(c->password, "open sesame:42");  // only the first ':' separates
  EXPECT_TRUE(parse_basic_authorization("basic YWxpY2U6eA=="));  // the scheme is case-insensitive
}

TEST(http_auth, malformed_basic_headers_give_nothing) {
  EXPECT_FALSE(parse_basic_authorization(""));
  EXPECT_FALSE(parse_basic_authorization("Basic"));
  EXPECT_FALSE(parse_basic_authorization("Basic "));
  EXPECT_FALSE(parse_basic_authorization("Basic !!!!"));
  EXPECT_FALSE(parse_basic_authorization("Basic YWxpY2U="));  // "alice": no ':'
  EXPECT_FALSE(parse_basic_authorization("Basically YWxpY2U6eA=="));
  EXPECT_FALSE(parse_basic_authorization("Bearer YWxpY2U6eA=="));
}

TEST(http_auth, bearer_header_gives_the_token) {
  EXPECT_EQ(parse_bearer_authorization("Bearer abc.def"), "abc.def");
  EXPECT_EQ(parse_bearer_authorization("bearer  abc "), "abc");
  EXPECT_FALSE(parse_bearer_authorization("Bearer "));
  EXPECT_FALSE(parse_bearer_authorization("Basic abc"));
  EXPECT_FALSE(parse_bearer_authorization("Bearerabc"));
}

TEST(http_auth, constant_time_equal_compares_contents_and_lengths) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("secret", "secret"));
  EXPECT_FALSE(constant_time_equal("secret", "secreT"));
  EXPECT_FALSE(constant_time_equal("secret", "secret2"));
  EXPECT_FALSE(constant_time_equal("Secret", "secret"));
}

TEST(http_auth, sha256_hex_matches_sha256sum) {
  // printf %s abc | sha256sum
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("").size(), 64u);
}

}  // namespace
}  // namespace wmpulse::net
