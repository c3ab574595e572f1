#include "core/redact.hpp"

#include <gtest/gtest.h>

using wmpulse::core::redact_url;

TEST(redact_url, masks_the_query_where_tokens_travel) {
  EXPECT_EQ(redact_url("wss://streaming.example.test/channels/abc?access_token=s3cret"),
            "wss://streaming.example.test/channels/abc?***");
  EXPECT_EQ(redact_url("ws://127.0.0.1:80?token=x"), "ws://127.0.0.1:80?***");
}

TEST(redact_url, masks_user_information) {
  EXPECT_EQ(redact_url("https://user:pw@api.example.test/x"), "https://***@api.example.test/x");
  EXPECT_EQ(redact_url("https://user:p@ss@host?q=1#frag"), "https://***@host?***");
}

TEST(redact_url, keeps_what_says_where) {
  EXPECT_EQ(redact_url("wss://host:8443/api/v2/stream"), "wss://host:8443/api/v2/stream");
  EXPECT_EQ(redact_url("https://host/a@b"), "https://host/a@b");  // an @ in the path is no user info
  EXPECT_EQ(redact_url("https://host/p#token=x"), "https://host/p");
}
