// The service: the prepared-document cache, the request limits, and request errors as JSON.
#include <gtest/gtest.h>

#include "core/json_writer.hpp"
#include "graphql/service.hpp"
#include "unit/graphql/test_schema.hpp"

namespace wmpulse::graphql {
namespace {

TEST(service, prepare_caches_valid_documents_by_text) {
  service svc(testing::test_schema());
  auto a = svc.prepare("{ rootName }");
  auto b = svc.prepare("{ rootName }");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a.value().get(), b.value().get());
  EXPECT_EQ(svc.cache_size(), 1u);
  EXPECT_FALSE(svc.prepare("{ nope }").ok());
  EXPECT_EQ(svc.cache_size(), 1u) << "invalid documents are not cached";
}

TEST(service, cache_drops_the_least_recently_used) {
  limits l;
  l.cache_entries = 2;
  service svc(testing::test_schema(), l);
  auto first = svc.prepare("{ a: rootName }").value();
  (void)svc.prepare("{ b: rootName }");
  (void)svc.prepare("{ a: rootName }");  // a is now the most recent
  (void)svc.prepare("{ c: rootName }");  // evicts b
  EXPECT_EQ(svc.cache_size(), 2u);
  EXPECT_EQ(svc.prepare("{ a: rootName }").value().get(), first.get());
}

TEST(service, syntax_error_is_reported_with_its_location) {
  service svc(testing::test_schema());
  auto p = svc.prepare("{\n  rootName(\n}");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(core::write_json(p.error()), R"([{"message":"Syntax Error: Expected Name, found \"}\".","locations":[{"line":3,"column":1}]}])");
}

TEST(service, validation_reports_every_error) {
  service svc(testing::test_schema());
  auto p = svc.prepare("{ a b rootName { x } }");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().size(), 3u);
}

TEST(service, limits_on_size_tokens_depth_fields_and_aliases) {
  limits l;
  l.max_query_bytes = 40;
  l.max_tokens = 12;
  l.max_depth = 3;
  l.max_fields = 4;
  l.max_aliases = 1;
  service svc(testing::test_schema(), l);
  auto message = [&](std::string_view q) {
    auto p = svc.prepare(q);
    return p.ok() ? std::string("ok") : std::string(p.error().at(0).at("message").as_string());
  };
  EXPECT_EQ(message("{ nested { again { ok } } }"), "ok");
  EXPECT_NE(message("{ rootName                                  }").find("larger than the limit of 40 bytes"), std::string::npos);
  EXPECT_NE(message("{ a b c d e f g h i j k }").find("more than 12 tokens"), std::string::npos);
  EXPECT_NE(message("{ nested { again { again { ok } } } }").find("deeper than the limit of 3"), std::string::npos);
  EXPECT_NE(message("{ a b c d e }").find("more fields than the limit of 4"), std::string::npos);
  EXPECT_NE(message("{ a: rootName b: rootName }").find("more aliases than the limit of 1"), std::string::npos);
}

TEST(service, fragments_count_towards_the_limits_once_expanded) {
  limits l;
  l.max_fields = 10;
  service svc(testing::test_schema(), l);
  auto p = svc.prepare("{ ...A ...A2 } fragment A on Query { nested { ...B } } fragment A2 on Query { nested { ...B } }"
                       " fragment B on Nested { ok again { ok again { ok again { ok } } } }");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(std::string(p.error().at(0).at("message").as_string()).find("more fields"), std::string::npos);
}

TEST(service, select_operation_reports_the_kind) {
  service svc(testing::test_schema());
  auto p = svc.prepare("query Q { rootName } subscription S { tick }").value();
  EXPECT_EQ(svc.select_operation(*p, "S").value().kind, operation_kind::subscription);
  EXPECT_EQ(svc.select_operation(*p, "Q").value().kind, operation_kind::query);
  EXPECT_FALSE(svc.select_operation(*p, std::nullopt).ok());
}

}  // namespace
}  // namespace wmpulse::graphql
