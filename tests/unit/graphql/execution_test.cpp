// Execution: coercion of arguments and variables, null propagation, errors with path and
// locations, abstract types, directives, keys in request order.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/json_writer.hpp"
#include "graphql/service.hpp"
#include "unit/graphql/test_schema.hpp"

namespace wmpulse::graphql {
namespace {

std::string run(std::string_view query, std::string_view variables = "{}", std::optional<std::string_view> op = {}) {
  static const service svc(testing::test_schema());
  auto p = svc.prepare(query);
  if (!p.ok()) return "REQUEST " + core::write_json(p.error());
  auto r = svc.execute(*p.value(), op, boost::json::parse(variables).as_object(), std::any(std::string("root!")));
  return (r.request_error ? "REQUEST " : "") + core::write_json(r.body);
}

TEST(execution, keys_follow_the_request_order_with_aliases) {
  EXPECT_EQ(run("{ z: rootName a: __typename rootName }"), R"({"data":{"z":"root!","a":"Query","rootName":"root!"}})");
}

TEST(execution, arguments_are_coerced_with_defaults) {
  EXPECT_EQ(run(R"({ echo(value: {a: 1, c: RED}, n: -3, f: 2, c: GREEN, ids: [7, "x"]) })"),
            R"({"data":{"echo":"{\"value\":{\"a\":1,\"b\":\"x\",\"c\":[\"RED\"]},\"n\":-3,\"f\":2E0,\"c\":\"GREEN\",\"ids\":[\"7\",\"x\"],\"s\":\"dflt\"}"}})");
}

TEST(execution, variables_are_coerced_and_defaulted) {
  EXPECT_EQ(run("query ($v: EchoInput, $n: Int = 5) { echo(value: $v, n: $n) }", R"({"v": {"a": 2, "c": "BLUE"}})"),
            R"({"data":{"echo":"{\"value\":{\"a\":2,\"b\":\"x\",\"c\":[\"BLUE\"]},\"n\":5,\"s\":\"dflt\"}"}})");
}

TEST(execution, a_bad_variable_is_a_request_error_located_at_its_definition) {
  EXPECT_EQ(run("query ($n: Int) { echo(n: $n) }", R"({"n": 2147483648})"),
            R"(REQUEST {"errors":[{"message":"Variable \"$n\" got invalid value 2147483648; Int cannot represent value: 2147483648.","locations":[{"line":1,"column":8}]}]})");
  EXPECT_EQ(run("query ($v: EchoInput!) { echo(value: $v) }", R"({"v": {"b": "y"}})"),
            R"(REQUEST {"errors":[{"message":"Variable \"$v\" got invalid value {\"b\":\"y\"}; Field \"a\" of required type \"Int!\" was not provided.","locations":[{"line":1,"column":8}]}]})");
  EXPECT_EQ(run("query ($v: Boolean!) { thing(robot: $v) { __typename } }"),
            R"(REQUEST {"errors":[{"message":"Variable \"$v\" of required type \"Boolean!\" was not provided.","locations":[{"line":1,"column":8}]}]})");
}

TEST(execution, field_error_on_a_nullable_field_gives_null_with_path) {
  EXPECT_EQ(run("{ rootName boom }"),
            R"({"data":{"rootName":"root!","boom":null},"errors":[{"message":"thrown","locations":[{"line":1,"column":12}],"path":["boom"]}]})");
}

TEST(execution, null_propagates_to_the_nearest_nullable_parent) {
  EXPECT_EQ(run("{ nested { again { ok boom } } }"),
            R"({"data":{"nested":{"again":null}},"errors":[{"message":"it broke","locations":[{"line":1,"column":23}],"path":["nested","again","boom"]}]})");
}

TEST(execution, a_null_item_of_a_non_null_list_nulls_the_list) {
  EXPECT_EQ(run("{ badList }"),
            R"({"data":{"badList":null},"errors":[{"message":"Cannot return null for non-nullable field Query.badList.","locations":[{"line":1,"column":3}],"path":["badList",1]}]})");
}

TEST(execution, an_int_out_of_range_is_a_field_error) {
  EXPECT_EQ(run("{ bigInt }"),
            R"({"data":{"bigInt":null},"errors":[{"message":"Int cannot represent value: 1099511627776","locations":[{"line":1,"column":3}],"path":["bigInt"]}]})");
}

TEST(execution, abstract_types_resolve_to_their_object_types) {
  EXPECT_EQ(run("{ people { __typename name ... on Person { age } ...R } } fragment R on Robot { model }"),
            R"({"data":{"people":[{"__typename":"Person","name":"Alice","age":42},{"__typename":"Robot","name":"R2","model":"astromech"}]}})");
  EXPECT_EQ(run("{ thing(robot: true) { ... on Robot { model } ... on Person { age } } }"),
            R"({"data":{"thing":{"model":"astromech"}}})");
}

TEST(execution, skip_and_include_follow_variables) {
  EXPECT_EQ(run("query ($s: Boolean!) { a: rootName @skip(if: $s) b: rootName @include(if: $s) }", R"({"s": true})"),
            R"({"data":{"b":"root!"}})");
}

TEST(execution, fields_of_the_same_key_merge_their_selections) {
  EXPECT_EQ(run("{ nested { ok } nested { again { ok } } }"), R"({"data":{"nested":{"ok":1,"again":{"ok":1}}}})");
}

TEST(execution, subscription_executes_its_selection_on_the_root_event) {
  EXPECT_EQ(run("subscription { tick }"), R"({"data":{"tick":7}})");
}

TEST(execution, operation_selection_errors) {
  EXPECT_EQ(run("query A { rootName } query B { rootName }"),
            R"(REQUEST {"errors":[{"message":"Must provide operation name if query contains multiple operations."}]})");
  EXPECT_EQ(run("query A { rootName }", "{}", "B"), R"(REQUEST {"errors":[{"message":"Unknown operation named \"B\"."}]})");
  EXPECT_EQ(run("query A { a: rootName } query B { b: rootName }", "{}", "B"), R"({"data":{"b":"root!"}})");
}

}  // namespace
}  // namespace wmpulse::graphql
