// Introspection over the schema model. The full round trip through graphql-js's
// buildClientSchema is checked by the conformance test (introspection.mjs).
#include <gtest/gtest.h>

#include "core/json_writer.hpp"
#include "graphql/service.hpp"
#include "unit/graphql/test_schema.hpp"

namespace wmpulse::graphql {
namespace {

std::string run(std::string_view query) {
  static const service svc(testing::test_schema());
  auto p = svc.prepare(query);
  if (!p.ok()) return core::write_json(p.error());
  return core::write_json(svc.execute(*p.value(), std::nullopt, {}, std::any(std::string())).body);
}

TEST(introspection, root_types_and_description) {
  EXPECT_EQ(run("{ __schema { description queryType { name } mutationType { name } subscriptionType { name } } }"),
            R"({"data":{"__schema":{"description":"A test schema.","queryType":{"name":"Query"},"mutationType":null,"subscriptionType":{"name":"Subscription"}}}})");
}

TEST(introspection, wrappers_are_described_by_of_type) {
  const std::string out = run(R"({ __type(name: "Query") { fields { name type { kind name ofType { kind name ofType { kind name } } } } } })");
  EXPECT_NE(out.find(R"({"name":"people","type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"LIST","name":null,"ofType":{"kind":"NON_NULL","name":null}}}})"),
            std::string::npos);
}

TEST(introspection, deprecated_elements_only_on_request) {
  EXPECT_EQ(run(R"({ __type(name: "Color") { enumValues { name } all: enumValues(includeDeprecated: true) { name isDeprecated deprecationReason } } })"),
            R"({"data":{"__type":{"enumValues":[{"name":"RED"},{"name":"GREEN"}],"all":[{"name":"RED","isDeprecated":false,"deprecationReason":null},{"name":"GREEN","isDeprecated":false,"deprecationReason":null},{"name":"BLUE","isDeprecated":true,"deprecationReason":"Use GREEN."}]}}})");
  const std::string fields = run(R"({ __type(name: "Query") { fields { name } } })");
  EXPECT_EQ(fields.find("\"old\""), std::string::npos);
}

TEST(introspection, input_fields_with_default_values_as_literals) {
  EXPECT_EQ(run(R"({ __type(name: "EchoInput") { kind inputFields { name defaultValue type { name } } } })"),
            R"({"data":{"__type":{"kind":"INPUT_OBJECT","inputFields":[{"name":"a","defaultValue":null,"type":{"name":null}},{"name":"b","defaultValue":"\"x\"","type":{"name":"String"}},{"name":"c","defaultValue":null,"type":{"name":null}}]}}})");
}

TEST(introspection, interfaces_unions_and_possible_types) {
  EXPECT_EQ(run(R"({ n: __type(name: "Named") { kind possibleTypes { name } } t: __type(name: "Thing") { kind possibleTypes { name } } p: __type(name: "Person") { interfaces { name } } })"),
            R"({"data":{"n":{"kind":"INTERFACE","possibleTypes":[{"name":"Person"},{"name":"Robot"}]},"t":{"kind":"UNION","possibleTypes":[{"name":"Person"},{"name":"Robot"}]},"p":{"interfaces":[{"name":"Named"}]}}})");
}

TEST(introspection, built_in_directives_and_unknown_types) {
  EXPECT_EQ(run(R"({ __type(name: "Nope") { name } })"), R"({"data":{"__type":null}})");
  const std::string out = run("{ __schema { directives { name locations args { name defaultValue } } } }");
  EXPECT_NE(out.find(R"({"name":"skip","locations":["FIELD","FRAGMENT_SPREAD","INLINE_FRAGMENT"],"args":[{"name":"if","defaultValue":null}]})"), std::string::npos);
  EXPECT_NE(out.find(R"({"name":"deprecated")"), std::string::npos);
  EXPECT_NE(out.find(R"("defaultValue":"\"No longer supported\"")"), std::string::npos);
}

}  // namespace
}  // namespace wmpulse::graphql
