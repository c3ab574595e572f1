#include "server/graphql_service_backend.hpp"

#include <gtest/gtest.h>

#include "graphql/service.hpp"
#include "unit/graphql/test_schema.hpp"

namespace wmpulse::server {
namespace {

TEST(token_key, comments_commas_and_whitespace_do_not_change_the_key) {
  auto plain = token_key("subscription { a b(x: 1) }");
  ASSERT_TRUE(plain);
  EXPECT_EQ(token_key("subscription{a,b(x:1)} # " + std::string(60'000, 'c')), plain);
  EXPECT_EQ(token_key("# lead\nsubscription {\n  a\n  b(x: 1) # why\n}\n"), plain);
  EXPECT_NE(token_key("subscription { a b(x: 2) }"), plain);
  EXPECT_NE(token_key("subscription { ab(x: 1) }"), plain);
}

TEST(token_key, strings_count_by_value_and_cannot_pass_for_other_tokens) {
  EXPECT_EQ(token_key(R"({ f(s: "a\nb") })"), token_key("{ f(s: \"\"\"a\nb\"\"\") }"));
  EXPECT_NE(token_key(R"({ f(s: "x") g })"), token_key(R"({ f(s: "x\") g") })"));
  EXPECT_FALSE(token_key("{ \"unterminated }"));
}

TEST(graphql_service_backend, subscriptions_differing_only_in_comments_share_one_key) {
  auto svc = std::make_shared<graphql::service>(graphql::testing::test_schema());
  graphql_service_backend backend(svc);
  auto a = backend.prepare(ws_request{"{ echo }", std::nullopt, {}});
  auto b = backend.prepare(ws_request{"# " + std::string(60'000, 'x') + "\n{\n  echo\n}", std::nullopt, {}});
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a.value().key, b.value().key);
}

}  // namespace
}  // namespace wmpulse::server
