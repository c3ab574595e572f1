#include "net/http_exchange.hpp"

#include <gtest/gtest.h>

namespace wmpulse::net {
namespace {

TEST(http_exchange, path_and_query_split_the_target) {
  http_request_view v;
  v.target = "/api/v2/queues?pageSize=25&name=a%20b#frag";
  EXPECT_EQ(v.path(), "/api/v2/queues");
  EXPECT_EQ(v.query(), "pageSize=25&name=a%20b");
  v.target = "/plain";
  EXPECT_EQ(v.path(), "/plain");
  EXPECT_EQ(v.query(), "");
  v.target = "/x#only-a-fragment?not=query";
  EXPECT_EQ(v.path(), "/x");
  EXPECT_EQ(v.query(), "");  // a '?' after '#' belongs to the fragment
}

TEST(http_exchange, the_view_of_a_parsed_request_reads_its_headers_by_any_case) {
  http::request<http::string_body> req{http::verb::post, "/graphql?x=1", 11};
  req.set(http::field::content_type, "application/json");
  req.body() = "{}";
  const auto v = view_of(req);
  EXPECT_EQ(v.method, "POST");
  EXPECT_EQ(v.target, "/graphql?x=1");
  EXPECT_EQ(v.body, "{}");
  EXPECT_EQ(v.header("content-type"), "application/json");
  EXPECT_EQ(v.header("Accept"), "");
}

TEST(http_exchange, a_text_answer_is_plain_utf8_text) {
  const auto a = text_answer(503, "busy\n");
  EXPECT_EQ(a.status, 503u);
  EXPECT_EQ(a.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(a.body_view(), "busy\n");
}

}  // namespace
}  // namespace wmpulse::net
