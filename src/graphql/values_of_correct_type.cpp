#include "graphql/values_of_correct_type.hpp"

#include "graphql/printer.hpp"
#include "graphql/suggestions.hpp"
#include "graphql/value_from_ast.hpp"

namespace wmpulse::graphql {
namespace {

std::string object_problem(const named_type& t, const ast_value& lit, offset& where) {
  if (lit.what != ast_value::kind::object) return "Expected value of type \"" + t.name + "\", found " + print_ast_value(lit) + ".";
  for (std::size_t i = 0; i < lit.fields.size(); ++i) {
    const input_value* f = t.find_input_field(lit.fields[i].name);
    if (!f) {
      where = lit.field_at[i];
      return "Field \"" + std::string(lit.fields[i].name) + "\" is not defined by type \"" + t.name + "\"." +
             did_you_mean_among(lit.fields[i].name, t.input_fields);
    }
    if (auto p = literal_problem(*f->type, lit.fields[i].value, where); !p.empty()) return p;
  }
  for (const auto& f : t.input_fields) {
    bool given = false;
    for (const auto& kv : lit.fields) given = given || kv.name == f.name;
    if (!given && f.type->is_non_null() && !f.default_value) {
      where = lit.at;
      return "Field \"" + t.name + "." + f.name + "\" of required type \"" + f.type->to_string() + "\" was not provided.";
    }
  }
  return {};
}

}  // namespace

std::string literal_problem(const type_ref& type, const ast_value& lit, offset& where) {
  where = lit.at;
  if (lit.what == ast_value::kind::variable) return {};
  if (type.is_non_null()) {
    if (lit.what == ast_value::kind::null) return "Expected value of type \"" + type.to_string() + "\", found null.";
    return literal_problem(*type.of, lit, where);
  }
  if (lit.what == ast_value::kind::null) return {};
  if (type.is_list()) {
    if (lit.what != ast_value::kind::list) return literal_problem(*type.of, lit, where);
    for (const auto& x : lit.items)
      if (auto p = literal_problem(*type.of, x, where); !p.empty()) return p;
    return {};
  }
  const named_type& t = *type.named;
  if (t.kind == type_kind::input_object) return object_problem(t, lit, where);
  auto parsed = parse_leaf_literal(t, lit, nullptr);
  return parsed ? std::string() : parsed.error();
}

}  // namespace wmpulse::graphql
