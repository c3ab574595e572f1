#include "core/text.hpp"

#include <gtest/gtest.h>

using namespace wmpulse::core;

TEST(text, split_list_trims_and_drops_empty_items) {
  EXPECT_EQ(split_list(" a, b ,,c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(split_list("\tx\n,y "), (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(split_list("").empty());
  EXPECT_TRUE(split_list(" , ,").empty());
}

TEST(text, trim_removes_white_space_at_both_ends_only) {
  EXPECT_EQ(trim("  a b\r\n"), "a b");
  EXPECT_EQ(trim(""), "");
}

TEST(text, quoted_escapes_quotes_backslashes_and_control_characters) {
  EXPECT_EQ(quoted("plain"), "\"plain\"");
  EXPECT_EQ(quoted("a \"b\" \\ c\n\x01\x7f"), "\"a \\\"b\\\" \\\\ c\\n\\u0001\\u007f\"");
}

TEST(text, percent_decode_decodes_escapes_and_refuses_broken_ones) {
  EXPECT_EQ(percent_decode("/a%20b/%C3%A9"), "/a b/\xC3\xA9");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(percent_decode("a+b%2B", true), "a b+");
  EXPECT_EQ(percent_decode("%2f%2F"), "//");
  EXPECT_EQ(percent_decode(""), "");
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_FALSE(percent_decode("%2"));
  EXPECT_FALSE(percent_decode("%zz"));
  EXPECT_FALSE(percent_decode("abc%4"));
}
