#pragma once
// A small schema with resolvers covering every kind of type, for execution, introspection and
// service tests. Parents are plain structs passed by pointer in std::any.
#include <memory>
#include <string>

#include <boost/json/serialize.hpp>

#include "graphql/schema.hpp"

namespace wmpulse::graphql::testing {

struct person {
  std::string name;
  int age;
};
struct robot {
  std::string name;
  std::string model;
};

inline const person alice{"Alice", 42};
inline const robot r2{"R2", "astromech"};

inline std::shared_ptr<const schema> test_schema() {
  using f = schema_builder::field_spec;
  using a = schema_builder::arg_spec;
  using boost::json::value;
  auto name_of = [](const field_context& c) {
    if (auto p = std::any_cast<const person*>(&c.parent)) return resolved::of(value((*p)->name));
    return resolved::of(value(std::any_cast<const robot*>(c.parent)->name));
  };
  auto nested = [](const field_context&) { return resolved::obj(0); };
  schema_builder b;
  b.description("A test schema.");
  b.enumeration("Color", "A color.", {{"RED", "Red.", {}}, {"GREEN", "Green.", {}}, {"BLUE", "Old.", std::string("Use GREEN.")}});
  b.input_object("EchoInput", "Input.", {a{"a", "Int!", "A."}, a{"b", "String", "B.", value("x")}, a{"c", "[Color]", "C."}});
  b.interface("Named", "Has a name.", {f{"name", "String!", "The name.", {}}});
  b.object("Person", "A person.", {f{"name", "String!", "", name_of}, f{"age", "Int", "", [](const field_context& c) {
                                     return resolved::of(value(std::any_cast<const person*>(c.parent)->age)); }}},
           {"Named"});
  b.object("Robot", "A robot.", {f{"name", "String!", "", name_of}, f{"model", "String", "", [](const field_context& c) {
                                   return resolved::of(value(std::any_cast<const robot*>(c.parent)->model)); }}},
           {"Named"});
  b.union_type("Thing", "Person or robot.", {"Person", "Robot"});
  b.object("Nested", "Nested.", {f{"ok", "Int!", "", [](const field_context&) { return resolved::of(value(1)); }},
                                 f{"boom", "String!", "", [](const field_context&) { return resolved::fail("it broke"); }},
                                 f{"again", "Nested", "", nested}});
  b.object("Query", "Root.",
           {f{"echo", "String!", "Echoes its coerced arguments as JSON.",
              [](const field_context& c) { return resolved::of(value(boost::json::serialize(c.args))); },
              {a{"value", "EchoInput", ""}, a{"n", "Int", ""}, a{"f", "Float", ""}, a{"c", "Color", ""}, a{"ids", "[ID!]", ""},
               a{"s", "String", "", value("dflt")}}},
            f{"people", "[Named!]!", "",
              [](const field_context&) { return resolved::list({resolved::obj(&alice, "Person"), resolved::obj(&r2, "Robot")}); }},
            f{"thing", "Thing", "", [](const field_context& c) {
                return c.args.at("robot").as_bool() ? resolved::obj(&r2, "Robot") : resolved::obj(&alice, "Person"); },
              {a{"robot", "Boolean!", ""}}},
            f{"boom", "String", "", [](const field_context&) -> resolved { throw std::runtime_error("thrown"); }},
            f{"nested", "Nested", "", nested},
            f{"badList", "[Int!]", "", [](const field_context&) { return resolved::list({resolved::of(value(1)), resolved::null()}); }},
            f{"bigInt", "Int", "", [](const field_context&) { return resolved::of(value(std::int64_t{1} << 40)); }},
            f{"rootName", "String", "", [](const field_context& c) { return resolved::of(value(std::any_cast<std::string>(c.root))); }},
            f{"old", "Int", "", [](const field_context&) { return resolved::of(value(1)); }, {}, std::string("Use new.")}});
  b.object("Subscription", "Events.", {f{"tick", "Int!", "", [](const field_context&) { return resolved::of(value(7)); }}});
  b.roots("Query", "", "Subscription");
  return b.build();
}

}  // namespace wmpulse::graphql::testing
