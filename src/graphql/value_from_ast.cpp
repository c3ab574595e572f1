#include "graphql/value_from_ast.hpp"

#include "graphql/printer.hpp"
#include "graphql/suggestions.hpp"

namespace wmpulse::graphql {
namespace {

using boost::json::value;

literal_outcome from_variable(const type_ref& type, const ast_value& lit, const boost::json::object* vars, value& out) {
  if (!vars) return literal_outcome::absent;
  auto it = vars->find(lit.raw);
  if (it == vars->end()) return literal_outcome::absent;
  if (type.is_non_null() && it->value().is_null()) return literal_outcome::invalid;
  out = it->value();
  return literal_outcome::value;
}

// A single value where a list is expected is a list of one.
literal_outcome from_list(const type_ref& type, const ast_value& lit, const boost::json::object* vars, value& out) {
  boost::json::array items;
  if (lit.what != ast_value::kind::list) {
    value one;
    const auto r = value_from_ast(*type.of, lit, vars, one);
    if (r != literal_outcome::value) return r;
    items.push_back(std::move(one));
  } else {
    for (const auto& x : lit.items) {
      value item;
      const auto r = value_from_ast(*type.of, x, vars, item);
      if (r == literal_outcome::invalid || (r == literal_outcome::absent && type.of->is_non_null())) return literal_outcome::invalid;
      items.push_back(r == literal_outcome::absent ? value(nullptr) : std::move(item));
    }
  }
  out = std::move(items);
  return literal_outcome::value;
}

literal_outcome from_object(const named_type& t, const ast_value& lit, const boost::json::object* vars, value& out) {
  if (lit.what != ast_value::kind::object) return literal_outcome::invalid;
  for (const auto& [name, _] : lit.fields)
    if (!t.find_input_field(name)) return literal_outcome::invalid;
  boost::json::object o;
  for (const auto& f : t.input_fields) {
    const ast_value* given = nullptr;
    for (const auto& [name, v] : lit.fields)
      if (name == f.name) given = &v;
    value v;
    const auto r = given ? value_from_ast(*f.type, *given, vars, v) : literal_outcome::absent;
    if (r == literal_outcome::invalid) return r;
    if (r == literal_outcome::value) o[f.name] = std::move(v);
    else if (f.default_value) o[f.name] = *f.default_value;
    else if (f.type->is_non_null()) return literal_outcome::invalid;
  }
  out = std::move(o);
  return literal_outcome::value;
}

}  // namespace

scalar_behaviour::literal_result parse_leaf_literal(const named_type& leaf, const ast_value& lit, const boost::json::object* vars) {
  if (leaf.kind == type_kind::scalar) return leaf.scalar.parse_literal(lit, vars);
  if (lit.what != ast_value::kind::enum_)
    return core::failure{"Enum \"" + leaf.name + "\" cannot represent non-enum value: " + print_ast_value(lit) + "."};
  if (!leaf.find_value(lit.raw))
    return core::failure{"Value \"" + std::string(lit.raw) + "\" does not exist in \"" + leaf.name + "\" enum." +
                         did_you_mean_among(lit.raw, leaf.values)};
  return value(lit.raw);
}

literal_outcome value_from_ast(const type_ref& type, const ast_value& lit, const boost::json::object* vars, value& out) {
  if (lit.what == ast_value::kind::variable) return from_variable(type, lit, vars, out);
  if (type.is_non_null()) {
    if (lit.what == ast_value::kind::null) return literal_outcome::invalid;
    return value_from_ast(*type.of, lit, vars, out);
  }
  if (lit.what == ast_value::kind::null) {
    out = nullptr;
    return literal_outcome::value;
  }
  if (type.is_list()) return from_list(type, lit, vars, out);
  const named_type& t = *type.named;
  if (t.kind == type_kind::input_object) return from_object(t, lit, vars, out);
  auto parsed = parse_leaf_literal(t, lit, vars);
  if (!parsed) return literal_outcome::invalid;
  out = std::move(parsed).value();
  return literal_outcome::value;
}

}  // namespace wmpulse::graphql
