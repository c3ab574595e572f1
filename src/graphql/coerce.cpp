#include "graphql/coerce.hpp"

#include <charconv>
#include <cmath>

#include <boost/json/serialize.hpp>

#include "graphql/builtins.hpp"
#include "graphql/suggestions.hpp"

namespace wmpulse::graphql {
namespace {

using boost::json::value;

std::string quoted(std::string_view s) { return boost::json::serialize(value(s)); }

// A literal as plain JSON, for custom scalars.
value literal_to_json(const ast_value& v, const boost::json::object* vars) {
  switch (v.what) {
    case ast_value::kind::int_: {
      std::int64_t n = 0;
      std::from_chars(v.raw.data(), v.raw.data() + v.raw.size(), n);
      return value(n);
    }
    case ast_value::kind::float_: return value(std::strtod(std::string(v.raw).c_str(), nullptr));
    case ast_value::kind::string: return value(v.text);
    case ast_value::kind::boolean: return value(v.boolean);
    case ast_value::kind::enum_: return value(v.raw);
    case ast_value::kind::list: {
      boost::json::array a;
      for (const auto& x : v.items) a.push_back(literal_to_json(x, vars));
      return a;
    }
    case ast_value::kind::object: {
      boost::json::object o;
      for (const auto& [k, x] : v.fields) o[k] = literal_to_json(x, vars);
      return o;
    }
    case ast_value::kind::variable:
      if (vars)
        if (auto it = vars->find(v.raw); it != vars->end()) return it->value();
      return nullptr;
    case ast_value::kind::null: return nullptr;
  }
  return nullptr;
}

std::optional<value> builtin_scalar_literal(const named_type& t, const ast_value& v) {
  using k = ast_value::kind;
  if (t.name == "Int" && v.what == k::int_) {
    std::int64_t n = 0;
    auto r = std::from_chars(v.raw.data(), v.raw.data() + v.raw.size(), n);
    if (r.ec != std::errc() || n < INT32_MIN || n > INT32_MAX) return std::nullopt;
    return value(n);
  }
  if (t.name == "Float" && (v.what == k::int_ || v.what == k::float_)) {
    const double d = std::strtod(std::string(v.raw).c_str(), nullptr);
    if (!std::isfinite(d)) return std::nullopt;
    return value(d);
  }
  if ((t.name == "String" || t.name == "ID") && v.what == k::string) return value(v.text);
  if (t.name == "ID" && v.what == k::int_) return value(v.raw);
  if (t.name == "Boolean" && v.what == k::boolean) return value(v.boolean);
  return std::nullopt;
}

}  // namespace

std::string print_ast_value(const ast_value& v) {
  switch (v.what) {
    case ast_value::kind::variable: return "$" + std::string(v.raw);
    case ast_value::kind::string: return quoted(v.text);
    case ast_value::kind::boolean: return v.boolean ? "true" : "false";
    case ast_value::kind::null: return "null";
    case ast_value::kind::list: {
      std::string s = "[";
      for (std::size_t i = 0; i < v.items.size(); ++i) s += (i ? ", " : "") + print_ast_value(v.items[i]);
      return s + "]";
    }
    case ast_value::kind::object: {
      std::string s = "{";
      for (std::size_t i = 0; i < v.fields.size(); ++i)
        s += (i ? ", " : "") + std::string(v.fields[i].name) + ": " + print_ast_value(v.fields[i].value);
      return s + "}";
    }
    default: return std::string(v.raw);
  }
}

type_ptr resolve_type(const schema& s, const type_node& node) {
  auto t = std::make_shared<type_ref>();
  if (node.what == type_node::kind::named) {
    t->named = s.find_type(node.name);
    if (!t->named) return nullptr;
    t->wrapper = t->named->kind;
    return t;
  }
  t->of = resolve_type(s, *node.of);
  if (!t->of) return nullptr;
  t->wrapper = node.what == type_node::kind::list ? type_kind::list : type_kind::non_null;
  return t;
}

bool coerce_json(const type_ref& type, const value& in, value& out, std::string& error, const std::string& path) {
  const std::string at = path.empty() ? "" : " at \"" + path + "\"";
  if (type.is_non_null()) {
    if (in.is_null()) {
      error = "Expected non-nullable type \"" + type.to_string() + "\" not to be null" + at + ".";
      return false;
    }
    return coerce_json(*type.of, in, out, error, path);
  }
  if (in.is_null()) {
    out = nullptr;
    return true;
  }
  if (type.is_list()) {
    boost::json::array items;
    if (!in.is_array()) {
      value one;
      if (!coerce_json(*type.of, in, one, error, path)) return false;
      items.push_back(std::move(one));
    } else {
      for (std::size_t i = 0; i < in.get_array().size(); ++i) {
        value item;
        if (!coerce_json(*type.of, in.get_array()[i], item, error, path + "[" + std::to_string(i) + "]")) return false;
        items.push_back(std::move(item));
      }
    }
    out = std::move(items);
    return true;
  }
  const named_type& t = *type.named;
  if (t.kind == type_kind::input_object) {
    if (!in.is_object()) {
      error = "Expected type \"" + t.name + "\" to be an object" + at + ".";
      return false;
    }
    boost::json::object o;
    for (const auto& f : t.input_fields) {
      const std::string sub = path.empty() ? f.name : path + "." + f.name;
      if (auto it = in.get_object().find(f.name); it != in.get_object().end()) {
        value v;
        if (!coerce_json(*f.type, it->value(), v, error, sub)) return false;
        o[f.name] = std::move(v);
      } else if (f.default_value) {
        o[f.name] = *f.default_value;
      } else if (f.type->is_non_null()) {
        error = "Field \"" + f.name + "\" of required type \"" + f.type->to_string() + "\" was not provided" + at + ".";
        return false;
      }
    }
    for (const auto& kv : in.get_object()) {
      if (!t.find_input_field(kv.key())) {
        error = "Field \"" + std::string(kv.key()) + "\" is not defined by type \"" + t.name + "\"" + at + "." +
                did_you_mean_among(kv.key(), t.input_fields);
        return false;
      }
    }
    out = std::move(o);
    return true;
  }
  if (t.kind == type_kind::enumeration) {
    if (in.is_string() && t.find_value(in.get_string())) {
      out = in;
      return true;
    }
    error = "Value " + boost::json::serialize(in) + " does not exist in \"" + t.name + "\" enum" + at + ".";
    if (in.is_string()) error += did_you_mean_among(in.get_string(), t.values);
    return false;
  }
  auto parsed = t.scalar.parse_value ? t.scalar.parse_value(in) : std::optional<value>(in);
  if (!parsed) {
    error = t.name + " cannot represent value: " + boost::json::serialize(in) + at + ".";
    return false;
  }
  out = std::move(*parsed);
  return true;
}

literal_outcome coerce_literal(const type_ref& type, const ast_value& lit, const boost::json::object* vars, value& out) {
  if (lit.what == ast_value::kind::variable) {
    if (!vars) return literal_outcome::absent;
    auto it = vars->find(lit.raw);
    if (it == vars->end()) return literal_outcome::absent;
    if (type.is_non_null() && it->value().is_null()) return literal_outcome::invalid;
    out = it->value();
    return literal_outcome::value;
  }
  if (type.is_non_null()) {
    if (lit.what == ast_value::kind::null) return literal_outcome::invalid;
    return coerce_literal(*type.of, lit, vars, out);
  }
  if (lit.what == ast_value::kind::null) {
    out = nullptr;
    return literal_outcome::value;
  }
  if (type.is_list()) {
    boost::json::array items;
    if (lit.what != ast_value::kind::list) {
      value one;
      const auto r = coerce_literal(*type.of, lit, vars, one);
      if (r != literal_outcome::value) return r;
      items.push_back(std::move(one));
    } else {
      for (const auto& x : lit.items) {
        value item;
        const auto r = coerce_literal(*type.of, x, vars, item);
        if (r == literal_outcome::invalid || (r == literal_outcome::absent && type.of->is_non_null())) return literal_outcome::invalid;
        items.push_back(r == literal_outcome::absent ? value(nullptr) : std::move(item));
      }
    }
    out = std::move(items);
    return literal_outcome::value;
  }
  const named_type& t = *type.named;
  if (t.kind == type_kind::input_object) {
    if (lit.what != ast_value::kind::object) return literal_outcome::invalid;
    for (const auto& [name, _] : lit.fields)
      if (!t.find_input_field(name)) return literal_outcome::invalid;
    boost::json::object o;
    for (const auto& f : t.input_fields) {
      const ast_value* given = nullptr;
      for (const auto& [name, v] : lit.fields)
        if (name == f.name) given = &v;
      value v;
      const auto r = given ? coerce_literal(*f.type, *given, vars, v) : literal_outcome::absent;
      if (r == literal_outcome::invalid) return r;
      if (r == literal_outcome::value) o[f.name] = std::move(v);
      else if (f.default_value) o[f.name] = *f.default_value;
      else if (f.type->is_non_null()) return literal_outcome::invalid;
    }
    out = std::move(o);
    return literal_outcome::value;
  }
  if (t.kind == type_kind::enumeration) {
    if (lit.what != ast_value::kind::enum_ || !t.find_value(lit.raw)) return literal_outcome::invalid;
    out = value(lit.raw);
    return literal_outcome::value;
  }
  std::optional<value> v;
  if (is_builtin_scalar(t.name)) v = builtin_scalar_literal(t, lit);
  else v = t.scalar.parse_value ? t.scalar.parse_value(literal_to_json(lit, vars)) : literal_to_json(lit, vars);
  if (!v) return literal_outcome::invalid;
  out = std::move(*v);
  return literal_outcome::value;
}

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
  if (t.kind == type_kind::input_object) {
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
  value ignored;
  if (coerce_literal(type, lit, nullptr, ignored) == literal_outcome::invalid) {
    const std::string shown = print_ast_value(lit);
    if (t.kind == type_kind::enumeration)
      return lit.what == ast_value::kind::enum_ ? "Value \"" + std::string(lit.raw) + "\" does not exist in \"" + t.name + "\" enum." +
                                                      did_you_mean_among(lit.raw, t.values)
                                                : "Enum \"" + t.name + "\" cannot represent non-enum value: " + shown + ".";
    if (t.name == "Int")
      return lit.what == ast_value::kind::int_ ? "Int cannot represent non 32-bit signed integer value: " + shown
                                               : "Int cannot represent non-integer value: " + shown;
    if (t.name == "Float") return "Float cannot represent non numeric value: " + shown;
    if (t.name == "String") return "String cannot represent a non string value: " + shown;
    if (t.name == "Boolean") return "Boolean cannot represent a non boolean value: " + shown;
    if (t.name == "ID") return "ID cannot represent a non-string and non-integer value: " + shown;
    return "Expected value of type \"" + type.to_string() + "\", found " + shown + ".";
  }
  return {};
}

bool coerce_variables(const schema& s, const operation_definition& op, const boost::json::object& in,
                      boost::json::object& out, std::vector<located_error>& errors) {
  for (const auto& def : op.variables) {
    const std::string name(def.name);
    auto type = resolve_type(s, *def.type);
    if (!type || !type->base().is_input()) {
      errors.push_back({"Variable \"$" + name + "\" expected value of type \"" + def.type->to_string() +
                            "\" which cannot be used as an input type.", {def.at}});
      continue;
    }
    auto it = in.find(name);
    if (it == in.end()) {
      if (def.default_value) {
        value v;
        if (coerce_literal(*type, *def.default_value, nullptr, v) == literal_outcome::value) out[name] = std::move(v);
      } else if (type->is_non_null()) {
        errors.push_back({"Variable \"$" + name + "\" of required type \"" + type->to_string() + "\" was not provided.", {def.at}});
      }
      continue;
    }
    if (it->value().is_null() && type->is_non_null()) {
      errors.push_back({"Variable \"$" + name + "\" of non-null type \"" + type->to_string() + "\" must not be null.", {def.at}});
      continue;
    }
    value v;
    std::string why;
    if (!coerce_json(*type, it->value(), v, why)) {
      errors.push_back({"Variable \"$" + name + "\" got invalid value " + boost::json::serialize(it->value()) + "; " + why, {def.at}});
      continue;
    }
    out[name] = std::move(v);
  }
  return errors.empty();
}

bool coerce_arguments(const std::vector<input_value>& defs, const std::vector<argument>& args,
                      const boost::json::object& vars, boost::json::object& out, located_error& error) {
  for (const auto& def : defs) {
    const argument* given = nullptr;
    for (const auto& a : args)
      if (a.name == def.name) given = &a;
    value v;
    const auto r = given ? coerce_literal(*def.type, given->value, &vars, v) : literal_outcome::absent;
    if (r == literal_outcome::value) {
      out[def.name] = std::move(v);
    } else if (r == literal_outcome::invalid) {
      const bool null_given = given->value.what == ast_value::kind::null ||
                              (given->value.what == ast_value::kind::variable && def.type->is_non_null());
      error = {null_given ? "Argument \"" + def.name + "\" of non-null type \"" + def.type->to_string() + "\" must not be null."
                          : "Argument \"" + def.name + "\" has invalid value " + print_ast_value(given->value) + ".",
               {given->value.at}};
      return false;
    } else if (def.default_value) {
      out[def.name] = *def.default_value;
    } else if (def.type->is_non_null()) {
      error = {"Argument \"" + def.name + "\" of required type \"" + def.type->to_string() + "\" was not provided.", {}};
      return false;
    }
  }
  return true;
}

}  // namespace wmpulse::graphql
