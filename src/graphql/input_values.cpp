#include "graphql/input_values.hpp"

#include <boost/json/serialize.hpp>

#include "graphql/coerce_input_value.hpp"
#include "graphql/printer.hpp"
#include "graphql/type_from_ast.hpp"
#include "graphql/value_from_ast.hpp"

namespace wmpulse::graphql {

using boost::json::value;

bool coerce_variables(const schema& s, const operation_definition& op, const boost::json::object& in,
                      boost::json::object& out, std::vector<located_error>& errors) {
  for (const auto& def : op.variables) {
    const std::string name(def.name);
    auto type = type_from_ast(s, *def.type);
    if (!type || !type->base().is_input()) {
      errors.push_back({"Variable \"$" + name + "\" expected value of type \"" + def.type->to_string() +
                            "\" which cannot be used as an input type.", {def.at}});
      continue;
    }
    auto it = in.find(name);
    if (it == in.end()) {
      if (def.default_value) {
        value v;
        if (value_from_ast(*type, *def.default_value, nullptr, v) == literal_outcome::value) out[name] = std::move(v);
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
    if (!coerce_input_value(*type, it->value(), v, why)) {
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
    const auto r = given ? value_from_ast(*def.type, given->value, &vars, v) : literal_outcome::absent;
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
