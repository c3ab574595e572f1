#include "graphql/introspection.hpp"

namespace wmpulse::graphql {
namespace {

using boost::json::value;

// What a __Type object stands for: a named type, or a list / non-null wrapper.
struct type_handle {
  const named_type* named = nullptr;
  const type_ref* wrapper = nullptr;
};

resolved type_of(const type_ref& r) {
  if (r.is_list() || r.is_non_null()) return resolved::obj(type_handle{nullptr, &r});
  return resolved::obj(type_handle{r.named, nullptr});
}
resolved named(const named_type* t) { return t ? resolved::obj(type_handle{t, nullptr}) : resolved::null(); }
resolved text_or_null(const std::string& s) { return s.empty() ? resolved::null() : resolved::of(value(s)); }
resolved deprecation_reason(const std::optional<std::string>& d) { return d ? resolved::of(value(*d)) : resolved::null(); }

template <class T>
const T& parent(const field_context& c) {
  return *std::any_cast<const T*>(c.parent);
}
type_handle handle(const field_context& c) { return std::any_cast<type_handle>(c.parent); }
bool include_deprecated(const field_context& c) {
  auto it = c.args.find("includeDeprecated");
  return it != c.args.end() && it->value().is_bool() && it->value().get_bool();
}

resolved input_values(const std::vector<input_value>& vs, bool with_deprecated) {
  std::vector<resolved> out;
  for (const auto& v : vs)
    if (with_deprecated || !v.deprecation) out.push_back(resolved::obj(&v));
  return resolved::list(std::move(out));
}

std::string_view kind_name(type_kind k) {
  static constexpr std::string_view names[] = {"SCALAR", "OBJECT", "INTERFACE", "UNION", "ENUM", "INPUT_OBJECT", "LIST", "NON_NULL"};
  return names[static_cast<int>(k)];
}

using field_spec = schema_builder::field_spec;
using arg_spec = schema_builder::arg_spec;
const arg_spec include_deprecated_arg{"includeDeprecated", "Boolean", "Also list deprecated elements.", value(false)};

std::vector<field_spec> type_fields() {
  return {
      {"kind", "__TypeKind!", "What kind of type this is.",
       [](const field_context& c) {
         auto h = handle(c);
         return resolved::of(value(kind_name(h.named ? h.named->kind : h.wrapper->wrapper)));
       }},
      {"name", "String", "The name of a named type; null for lists and non-null wrappers.",
       [](const field_context& c) { auto h = handle(c); return h.named ? resolved::of(value(h.named->name)) : resolved::null(); }},
      {"description", "String", "The type's description.",
       [](const field_context& c) { auto h = handle(c); return h.named ? text_or_null(h.named->description) : resolved::null(); }},
      {"specifiedByURL", "String", "For a custom scalar, the URL of its specification.",
       [](const field_context& c) {
         auto h = handle(c);
         return h.named && h.named->specified_by_url ? resolved::of(value(*h.named->specified_by_url)) : resolved::null();
       }},
      {"fields", "[__Field!]", "The fields of an object or interface type; null otherwise.",
       [](const field_context& c) {
         auto h = handle(c);
         if (!h.named || (h.named->kind != type_kind::object && h.named->kind != type_kind::interface)) return resolved::null();
         std::vector<resolved> out;
         for (const auto& f : h.named->fields)
           if (include_deprecated(c) || !f.deprecation) out.push_back(resolved::obj(&f));
         return resolved::list(std::move(out));
       },
       {include_deprecated_arg}},
      {"interfaces", "[__Type!]", "The interfaces an object or interface type implements; null otherwise.",
       [](const field_context& c) {
         auto h = handle(c);
         if (!h.named || (h.named->kind != type_kind::object && h.named->kind != type_kind::interface)) return resolved::null();
         std::vector<resolved> out;
         for (const auto* i : h.named->interfaces) out.push_back(named(i));
         return resolved::list(std::move(out));
       }},
      {"possibleTypes", "[__Type!]", "The object types an interface or union may be at run time; null otherwise.",
       [](const field_context& c) {
         auto h = handle(c);
         if (!h.named || !h.named->is_abstract()) return resolved::null();
         std::vector<resolved> out;
         for (const auto* m : h.named->members)
           if (m->kind == type_kind::object) out.push_back(named(m));
         return resolved::list(std::move(out));
       }},
      {"enumValues", "[__EnumValue!]", "The values of an enum type; null otherwise.",
       [](const field_context& c) {
         auto h = handle(c);
         if (!h.named || h.named->kind != type_kind::enumeration) return resolved::null();
         std::vector<resolved> out;
         for (const auto& v : h.named->values)
           if (include_deprecated(c) || !v.deprecation) out.push_back(resolved::obj(&v));
         return resolved::list(std::move(out));
       },
       {include_deprecated_arg}},
      {"inputFields", "[__InputValue!]", "The fields of an input object type; null otherwise.",
       [](const field_context& c) {
         auto h = handle(c);
         if (!h.named || h.named->kind != type_kind::input_object) return resolved::null();
         return input_values(h.named->input_fields, include_deprecated(c));
       },
       {include_deprecated_arg}},
      {"ofType", "__Type", "The type a list or non-null wrapper wraps; null for named types.",
       [](const field_context& c) { auto h = handle(c); return h.wrapper ? type_of(*h.wrapper->of) : resolved::null(); }},
  };
}

std::vector<field_spec> schema_fields() {
  return {
      {"description", "String", "The schema's description.",
       [](const field_context& c) { return text_or_null(parent<schema>(c).description()); }},
      {"types", "[__Type!]!", "Every named type of the schema, introspection types included.",
       [](const field_context& c) {
         std::vector<resolved> out;
         for (const auto& t : parent<schema>(c).types()) out.push_back(named(t.get()));
         return resolved::list(std::move(out));
       }},
      {"queryType", "__Type!", "The root type of queries.", [](const field_context& c) { return named(parent<schema>(c).query_type()); }},
      {"mutationType", "__Type", "The root type of mutations; null when the schema has none.",
       [](const field_context& c) { return named(parent<schema>(c).mutation_type()); }},
      {"subscriptionType", "__Type", "The root type of subscriptions; null when the schema has none.",
       [](const field_context& c) { return named(parent<schema>(c).subscription_type()); }},
      {"directives", "[__Directive!]!", "The directives the schema supports.",
       [](const field_context& c) {
         std::vector<resolved> out;
         for (const auto& d : parent<schema>(c).directives()) out.push_back(resolved::obj(&d));
         return resolved::list(std::move(out));
       }},
  };
}

template <class T>
field_spec name_field() {
  return {"name", "String!", "The name.", [](const field_context& c) { return resolved::of(value(parent<T>(c).name)); }};
}
template <class T>
field_spec description_field() {
  return {"description", "String", "The description.", [](const field_context& c) { return text_or_null(parent<T>(c).description); }};
}
template <class T>
std::vector<field_spec> deprecation_fields() {
  return {{"isDeprecated", "Boolean!", "Whether it is deprecated.",
           [](const field_context& c) { return resolved::of(value(parent<T>(c).deprecation.has_value())); }},
          {"deprecationReason", "String", "Why it is deprecated; null when it is not.",
           [](const field_context& c) { return deprecation_reason(parent<T>(c).deprecation); }}};
}

std::vector<field_spec> field_fields() {
  std::vector<field_spec> fs{name_field<field_def>(), description_field<field_def>(),
                             {"args", "[__InputValue!]!", "The field's arguments.",
                              [](const field_context& c) { return input_values(parent<field_def>(c).args, include_deprecated(c)); },
                              {include_deprecated_arg}},
                             {"type", "__Type!", "The field's type.", [](const field_context& c) { return type_of(*parent<field_def>(c).type); }}};
  for (auto& f : deprecation_fields<field_def>()) fs.push_back(std::move(f));
  return fs;
}

std::vector<field_spec> input_value_fields() {
  std::vector<field_spec> fs{name_field<input_value>(), description_field<input_value>(),
                             {"type", "__Type!", "The input value's type.", [](const field_context& c) { return type_of(*parent<input_value>(c).type); }},
                             {"defaultValue", "String", "The default value as a GraphQL literal; null when there is none.",
                              [](const field_context& c) {
                                const auto& v = parent<input_value>(c);
                                return v.default_value ? resolved::of(value(v.default_literal)) : resolved::null();
                              }}};
  for (auto& f : deprecation_fields<input_value>()) fs.push_back(std::move(f));
  return fs;
}

std::vector<field_spec> enum_value_fields() {
  std::vector<field_spec> fs{name_field<enum_value_def>(), description_field<enum_value_def>()};
  for (auto& f : deprecation_fields<enum_value_def>()) fs.push_back(std::move(f));
  return fs;
}

std::vector<field_spec> directive_fields() {
  return {name_field<directive_def>(), description_field<directive_def>(),
          {"isRepeatable", "Boolean!", "Whether it may appear more than once at one location.",
           [](const field_context& c) { return resolved::of(value(parent<directive_def>(c).repeatable)); }},
          {"locations", "[__DirectiveLocation!]!", "Where it may appear.",
           [](const field_context& c) {
             std::vector<resolved> out;
             for (auto l : parent<directive_def>(c).locations) out.push_back(resolved::of(value(to_string(l))));
             return resolved::list(std::move(out));
           }},
          {"args", "[__InputValue!]!", "Its arguments.",
           [](const field_context& c) { return input_values(parent<directive_def>(c).args, include_deprecated(c)); },
           {include_deprecated_arg}}};
}

std::vector<enum_value_def> enum_values(std::initializer_list<std::string_view> names) {
  std::vector<enum_value_def> out;
  for (auto n : names) out.push_back({std::string(n), {}, {}});
  return out;
}

}  // namespace

void add_introspection_types(schema_builder& b) {
  b.object("__Schema", "A GraphQL service's whole type system: its types, root operation types and directives.", schema_fields());
  b.object("__Type", "Any type of the schema, or a list / non-null wrapper around one; `kind` says which.", type_fields());
  b.object("__Field", "A field of an object or interface type.", field_fields());
  b.object("__InputValue", "An argument, or a field of an input object type.", input_value_fields());
  b.object("__EnumValue", "One value of an enum type.", enum_value_fields());
  b.object("__Directive", "A directive: where it may appear and the arguments it takes.", directive_fields());
  b.enumeration("__TypeKind", "The kinds of types in `__Type`.",
                enum_values({"SCALAR", "OBJECT", "INTERFACE", "UNION", "ENUM", "INPUT_OBJECT", "LIST", "NON_NULL"}));
  std::vector<enum_value_def> locations;
  for (int l = 0; l <= static_cast<int>(directive_location::directive_definition); ++l)
    locations.push_back({std::string(to_string(static_cast<directive_location>(l))), {}, {}});
  b.enumeration("__DirectiveLocation", "Where a directive may appear.", std::move(locations));
}

std::array<field_def, 3> meta_fields(const schema& s, const type_resolver& ref) {
  const schema* sp = &s;
  field_def schema_field{"__schema", "Access the current type schema of this server.", ref("__Schema!"), {}, {},
                         [sp](const field_context&) { return resolved::obj(sp); }};
  field_def type_field{"__type", "Request the type information of a single type.", ref("__Type"),
                       {input_value{"name", "The type's name.", ref("String!"), {}, {}, {}}}, {},
                       [sp](const field_context& c) {
                         auto it = c.args.find("name");
                         if (it == c.args.end() || !it->value().is_string()) return resolved::null();
                         return named(sp->find_type(it->value().get_string()));
                       }};
  field_def typename_field{"__typename", "The name of the current object type at runtime.", ref("String!"), {}, {}, {}};
  return {std::move(schema_field), std::move(type_field), std::move(typename_field)};
}

}  // namespace wmpulse::graphql
