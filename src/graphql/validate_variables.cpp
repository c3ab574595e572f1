// UniqueVariableNames, VariablesAreInputTypes (and KnownTypeNames for them), default values of
// the right type, NoUndefinedVariables, NoUnusedVariables, VariablesInAllowedPosition.
#include <set>

#include "graphql/suggestions.hpp"
#include "graphql/type_from_ast.hpp"
#include "graphql/validation_context.hpp"
#include "graphql/values_of_correct_type.hpp"

namespace wmpulse::graphql::detail {
namespace {

const type_node& named_of(const type_node& t) { return t.what == type_node::kind::named ? t : named_of(*t.of); }

// Every variable usage of an operation, through the fragments it spreads (each once).
std::vector<variable_usage> usages_of(validation_context& c, const operation_definition& op) {
  std::vector<variable_usage> out = c.uses[&op].variables;
  std::set<std::string_view> seen;
  std::vector<const definition_uses*> todo{&c.uses[&op]};
  while (!todo.empty()) {
    const definition_uses* u = todo.back();
    todo.pop_back();
    for (const auto* s : u->spreads) {
      if (!seen.insert(s->name).second) continue;
      const fragment_definition* f = c.doc.find_fragment(s->name);
      if (!f) continue;
      const auto& fu = c.uses[f];
      out.insert(out.end(), fu.variables.begin(), fu.variables.end());
      todo.push_back(&fu);
    }
  }
  return out;
}

bool is_subtype(const type_ref& sub, const type_ref& super) {
  if (super.is_non_null()) return sub.is_non_null() && is_subtype(*sub.of, *super.of);
  if (sub.is_non_null()) return is_subtype(*sub.of, super);
  if (super.is_list()) return sub.is_list() && is_subtype(*sub.of, *super.of);
  if (sub.is_list()) return false;
  return sub.named == super.named || (super.named->is_abstract() && super.named->possible(*sub.named));
}

bool allowed(const type_ref& var_type, const variable_definition& def, const variable_usage& use) {
  const type_ref& location = *use.expected;
  if (location.is_non_null() && !var_type.is_non_null()) {
    const bool var_default = def.default_value && def.default_value->what != ast_value::kind::null;
    if (!var_default && !use.location_has_default) return false;
    return is_subtype(var_type, *location.of);
  }
  return is_subtype(var_type, location);
}

void check_operation(validation_context& c, const operation_definition& op) {
  const std::string in_op = op.name.empty() ? "" : " by operation \"" + std::string(op.name) + "\"";
  std::vector<type_ptr> types;
  for (std::size_t i = 0; i < op.variables.size(); ++i) {
    const auto& v = op.variables[i];
    bool first = true;
    for (std::size_t j = 0; j < i; ++j) first = first && op.variables[j].name != v.name;
    if (first) {
      std::vector<offset> same;
      for (const auto& w : op.variables)
        if (w.name == v.name) same.push_back(w.name_at);
      if (same.size() > 1) c.report("There can be only one variable named \"$" + std::string(v.name) + "\".", same);
    }
    type_ptr t = type_from_ast(c.types, *v.type);
    if (!t) {
      const auto& n = named_of(*v.type);
      c.report("Unknown type \"" + std::string(n.name) + "\"." + did_you_mean_among(n.name, c.types.types()), {n.at});
    } else if (!t->base().is_input()) {
      c.report("Variable \"$" + std::string(v.name) + "\" cannot be non-input type \"" + v.type->to_string() + "\".", {v.type->at});
      t = nullptr;
    } else if (v.default_value) {
      offset where = 0;
      const std::string problem = literal_problem(*t, *v.default_value, where);
      if (!problem.empty()) c.report(problem, {where});
    }
    types.push_back(t);
  }
  const auto usages = usages_of(c, op);
  for (const auto& use : usages) {
    std::size_t i = 0;
    while (i < op.variables.size() && op.variables[i].name != use.name) ++i;
    if (i == op.variables.size()) {
      c.report("Variable \"$" + std::string(use.name) + "\" is not defined" + in_op + ".", {use.at, op.at});
      continue;
    }
    if (types[i] && use.expected && !allowed(*types[i], op.variables[i], use))
      c.report("Variable \"$" + std::string(use.name) + "\" of type \"" + types[i]->to_string() +
                   "\" used in position expecting type \"" + use.expected->to_string() + "\".", {op.variables[i].at, use.at});
  }
  for (const auto& v : op.variables) {
    bool used = false;
    for (const auto& use : usages) used = used || use.name == v.name;
    if (!used)
      c.report("Variable \"$" + std::string(v.name) + "\" is never used" +
                   (op.name.empty() ? "" : " in operation \"" + std::string(op.name) + "\"") + ".", {v.at});
  }
}

}  // namespace

void check_variables(validation_context& c) {
  for (const auto& op : c.doc.operations) check_operation(c, op);
}

}  // namespace wmpulse::graphql::detail
