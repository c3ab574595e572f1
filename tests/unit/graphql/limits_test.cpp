// Hostile documents: fragment bombs and their variants, alias and depth bombs are refused by
// prepare() with an error naming the limit, after work linear in the document's size. An
// unfixed build hangs on the bombs: these tests carry a ctest TIMEOUT (CMakeLists.txt).
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include <boost/json/serialize.hpp>

#include "core/json_writer.hpp"
#include "graphql/limits_check.hpp"
#include "graphql/parser.hpp"
#include "graphql/service.hpp"
#include "unit/graphql/test_schema.hpp"

namespace wmpulse::graphql {
namespace {

std::string repeated(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// `{...F<levels>}` where F0 is `first`, and each F<k> spreads F<k-1> `width` times, each spread
// wrapped by `wrap` ("%" stands for the spread).
std::string fragment_bomb(int levels, int width, const std::string& first = "...F0",
                          const std::string& wrap = "%") {
  std::string q = "{...F" + std::to_string(levels) + "} fragment F0 on Query{" + first + "}";
  for (int k = 1; k <= levels; ++k) {
    std::string spread = wrap;
    spread.replace(spread.find('%'), 1, "...F" + std::to_string(k - 1) + " ");
    q += " fragment F" + std::to_string(k) + " on Query{" + repeated(spread, width) + "}";
  }
  return q;
}

std::string first_message(const service& svc, std::string_view q) {
  auto p = svc.prepare(q);
  return p.ok() ? std::string("ok") : std::string(p.error().at(0).at("message").as_string());
}

// The limit check visits each selection of the document a bounded number of times.
std::size_t limit_check_work(const std::string& q) {
  auto doc = parse(q, {100'000, 256});
  EXPECT_TRUE(doc.ok());
  limits_work work;
  (void)check_limits(doc.value(), limits{}, &work);
  return work.selections_visited;
}

constexpr const char* selections_limit = "Query expands to more selections (fields and fragments) than the limit of 5000.";

TEST(graphql_limits, fragment_bomb_is_refused_naming_the_limit) {
  service svc(testing::test_schema());
  const auto q = fragment_bomb(5, 100);
  ASSERT_LT(q.size(), 4'000u);
  EXPECT_EQ(first_message(svc, q), selections_limit);
  EXPECT_LE(limit_check_work(q), 2 * 5 * 100 + 10);
}

TEST(graphql_limits, deeper_and_wider_bombs_are_refused) {
  limits l;
  l.max_tokens = 100'000;
  service svc(testing::test_schema(), l);
  for (auto [levels, width] : {std::pair{8, 200}, {40, 2}, {2000, 2}, {3, 5000}}) {
    const auto q = fragment_bomb(levels, width);
    EXPECT_EQ(first_message(svc, q), selections_limit) << levels << "x" << width;
    EXPECT_LE(limit_check_work(q), 2u * levels * width + 10);
  }
}

TEST(graphql_limits, bomb_over_fields_names_the_fields_limit) {
  service svc(testing::test_schema());
  EXPECT_EQ(first_message(svc, fragment_bomb(6, 10, "rootName")), "Query selects more fields than the limit of 2000.");
  EXPECT_EQ(first_message(svc, fragment_bomb(6, 10, "a: rootName")), "Query selects more fields than the limit of 2000.");
}

TEST(graphql_limits, bomb_through_cycles_is_refused) {
  service svc(testing::test_schema());
  // F0 and C spread each other; every level spreads the one below and the cycle.
  const auto q = fragment_bomb(6, 50, "...C", "% ...C ...F0 ") + " fragment C on Query{...F0 ...C}";
  EXPECT_EQ(first_message(svc, q), selections_limit);
  // A plain cycle of two fragments ends, and validation reports it.
  EXPECT_NE(first_message(svc, "{...A} fragment A on Query{...B} fragment B on Query{...A}").find("within itself"), std::string::npos);
}

TEST(graphql_limits, bomb_of_unknown_fragments_is_refused) {
  service svc(testing::test_schema());
  const auto q = fragment_bomb(5, 100, "...Nowhere ...Nowhere");
  EXPECT_EQ(first_message(svc, q), selections_limit);
  EXPECT_NE(first_message(svc, "{...Nowhere}").find("Unknown fragment \"Nowhere\""), std::string::npos);
}

TEST(graphql_limits, bomb_through_inline_fragments_is_refused) {
  service svc(testing::test_schema());
  EXPECT_EQ(first_message(svc, fragment_bomb(5, 50, "...F0", "... on Query{ ... { % } } ")), selections_limit);
}

TEST(graphql_limits, many_small_fragments_saturate_instead_of_wrapping) {
  limits l;
  l.max_tokens = 100'000;
  service svc(testing::test_schema(), l);
  // 2^1500 expanded selections: counted with saturating arithmetic, not modulo 2^64.
  const auto q = fragment_bomb(1500, 2);
  EXPECT_EQ(first_message(svc, q), selections_limit);
  EXPECT_LE(limit_check_work(q), 2u * 1500 * 2 + 10);
}

TEST(graphql_limits, unused_fragment_bomb_is_refused_too) {
  service svc(testing::test_schema());
  const auto q = "{ rootName } " + fragment_bomb(5, 100).substr(std::string("{...F5}").size());
  EXPECT_EQ(first_message(svc, q), selections_limit);
}

TEST(graphql_limits, alias_bomb_is_refused) {
  service svc(testing::test_schema());
  std::string q = "{";
  for (int i = 0; i < 1001; ++i) q += " a" + std::to_string(i) + ": rootName";
  EXPECT_EQ(first_message(svc, q + "}"), "Query uses more aliases than the limit of 1000.");
  // Through fragments: 10 aliases spread 101 times.
  std::string aliases;
  for (int i = 0; i < 10; ++i) aliases += " b" + std::to_string(i) + ": rootName";
  EXPECT_EQ(first_message(svc, "{" + repeated(" ...A", 101) + "} fragment A on Query {" + aliases + "}"),
            "Query uses more aliases than the limit of 1000.");
}

TEST(graphql_limits, depth_bomb_through_fragments_is_refused) {
  service svc(testing::test_schema());
  // Each fragment nests one level deeper: 40 levels through 40 fragments.
  std::string q = "{ nested { ...D0 } } fragment D39 on Nested { ok }";
  for (int k = 0; k < 39; ++k)
    q += " fragment D" + std::to_string(k) + " on Nested { again { ...D" + std::to_string(k + 1) + " } }";
  EXPECT_EQ(first_message(svc, q), "Query is nested deeper than the limit of 32.");
}

TEST(graphql_limits, overlap_rule_stops_at_its_comparison_budget) {
  service svc(testing::test_schema());
  // 499 × 499 conflicting pairs under one pair of fields: one message of 249 001 sub-conflicts.
  const auto q = "{ nested { ok " + repeated("x: ok ", 499) + "} nested { ok " + repeated("x: boom ", 499) + "} }";
  auto p = svc.prepare(q);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().back().at("message").as_string(),
            "Query needs more field comparisons than the limit of 100000 to check that its fields can merge.");
  EXPECT_LT(core::write_json(p.error()).size(), 100'000u);
  // 999 copies of one field (n² pairs), merging fine, are refused the same way.
  EXPECT_NE(first_message(svc, "{" + repeated(" nested { ok }", 999) + " }").find("field comparisons"), std::string::npos);
}

TEST(graphql_limits, validation_stops_after_100_errors_as_graphql_js_does) {
  service svc(testing::test_schema());
  auto p = svc.prepare("{" + repeated(" nope", 150) + " }");
  ASSERT_FALSE(p.ok());
  ASSERT_EQ(p.error().size(), 101u);
  EXPECT_EQ(p.error().back().at("message").as_string(), "Too many validation errors, error limit reached. Validation aborted.");
}

TEST(graphql_limits, documents_within_the_limits_still_pass) {
  service svc(testing::test_schema());
  EXPECT_EQ(first_message(svc, fragment_bomb(3, 10, "rootName")), "ok");  // 1000 fields, once merged: 1
  EXPECT_EQ(first_message(svc, "{ ...A ...A } fragment A on Query { nested { ...B ...B } } fragment B on Nested { ok }"), "ok");
}

// A resolver returning big lists: `big` has 10 000 items of 100 bytes each (~1 MB of JSON).
struct big_lists {
  std::atomic<std::size_t> texts_resolved{0};
  std::shared_ptr<const schema> types;

  big_lists() {
    using f = schema_builder::field_spec;
    schema_builder b;
    b.object("Item", "An item.", {f{"text", "String!", "", [this](const field_context&) {
                                    ++texts_resolved;
                                    return resolved::of(boost::json::value(std::string(100, 'x')));
                                  }}});
    b.object("Query", "Root.", {f{"big", "[Item!]!", "", [](const field_context&) {
                                  return resolved::list(std::vector<resolved>(10'000, resolved::obj(0)));
                                }}});
    b.roots("Query");
    types = b.build();
  }
};

std::string aliased_big(int n) {
  std::string q = "{";
  for (int i = 0; i < n; ++i) q += " a" + std::to_string(i) + ": big { text }";
  return q + " }";
}

TEST(graphql_response_budget, amplified_response_is_cut_short_with_an_error_naming_the_limit) {
  big_lists schema;
  service svc(schema.types);  // default cap: 8 MiB; the answer would be ~110 MB
  auto p = svc.prepare(aliased_big(100));
  ASSERT_TRUE(p.ok());
  auto r = svc.execute(*p.value(), std::nullopt, {}, std::any());
  ASSERT_TRUE(r.request_error) << "a response of " << boost::json::serialize(r.body).size() << " bytes";
  EXPECT_EQ(boost::json::serialize(r.body),
            R"({"errors":[{"message":"The response is larger than the limit of 8388608 bytes."}]})");
  // Stopped as soon as the estimate passed the cap: about 8 MiB worth of items, not 100 lists.
  EXPECT_LT(schema.texts_resolved.load(), 8u * 1024 * 1024 / 100 + 10'000);
}

TEST(graphql_response_budget, cap_is_configurable_and_responses_under_it_are_whole) {
  big_lists schema;
  limits l;
  l.max_response_bytes = 2'000'000;
  service svc(schema.types, l);
  auto one = svc.execute(*svc.prepare(aliased_big(1)).value(), std::nullopt, {}, std::any());
  EXPECT_FALSE(one.request_error);
  EXPECT_EQ(one.body.at("data").at("a0").as_array().size(), 10'000u);
  auto two = svc.execute(*svc.prepare(aliased_big(2)).value(), std::nullopt, {}, std::any());
  EXPECT_TRUE(two.request_error);
  EXPECT_FALSE(two.body.contains("data"));
  EXPECT_EQ(two.body.at("errors").at(0).at("message").as_string(), "The response is larger than the limit of 2000000 bytes.");
}

TEST(graphql_response_budget, estimate_is_within_two_percent_of_the_written_size) {
  big_lists schema;
  const std::size_t size = core::write_json(service(schema.types).execute(*service(schema.types).prepare(aliased_big(1)).value(),
                                                                     std::nullopt, {}, std::any()).body).size();
  auto fits = [&](std::size_t cap) {
    limits l;
    l.max_response_bytes = cap;
    service svc(schema.types, l);
    return !svc.execute(*svc.prepare(aliased_big(1)).value(), std::nullopt, {}, std::any()).request_error;
  };
  EXPECT_TRUE(fits(size + size / 50));
  EXPECT_FALSE(fits(size - size / 50));
}

}  // namespace
}  // namespace wmpulse::graphql
