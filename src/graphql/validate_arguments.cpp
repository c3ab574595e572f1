// KnownArgumentNames, UniqueArgumentNames, ProvidedRequiredArguments, ValuesOfCorrectType,
// UniqueInputFieldNames, KnownDirectives, UniqueDirectivesPerLocation; records variable usages.
#include <algorithm>

#include "graphql/suggestions.hpp"
#include "graphql/validation_context.hpp"
#include "graphql/values_of_correct_type.hpp"

namespace wmpulse::graphql::detail {
namespace {

// Walks a value for UniqueInputFieldNames and variable usages (with the expected type).
void walk_value(validation_context& c, const ast_value& v, const type_ref* expected, bool has_default,
                definition_uses& uses) {
  if (v.what == ast_value::kind::variable) {
    uses.variables.push_back({v.raw, v.at, expected, has_default});
    return;
  }
  const type_ref* inner = expected && expected->is_non_null() ? expected->of.get() : expected;
  if (v.what == ast_value::kind::list) {
    const type_ref* item = inner && inner->is_list() ? inner->of.get() : nullptr;
    for (const auto& x : v.items) walk_value(c, x, item, false, uses);
    return;
  }
  if (v.what != ast_value::kind::object) return;
  const named_type* object = inner && !inner->is_list() && !inner->is_non_null() && inner->named->kind == type_kind::input_object
                                 ? inner->named : nullptr;
  for (std::size_t i = 0; i < v.fields.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (v.fields[j].name == v.fields[i].name) {
        c.report("There can be only one input field named \"" + std::string(v.fields[i].name) + "\".", {v.field_at[j], v.field_at[i]});
        break;
      }
    }
    const input_value* f = object ? object->find_input_field(v.fields[i].name) : nullptr;
    walk_value(c, v.fields[i].value, f ? f->type.get() : nullptr, f && f->default_value, uses);
  }
}

}  // namespace

void check_arguments(validation_context& c, const std::vector<argument>& args, const std::vector<input_value>* defs,
                     const std::string& owner, offset owner_at, bool is_directive, definition_uses& uses) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const argument& a = args[i];
    bool first = true;
    for (std::size_t j = 0; j < i; ++j) first = first && args[j].name != a.name;
    if (first) {
      std::vector<offset> same;
      for (const auto& b : args)
        if (b.name == a.name) same.push_back(b.at);
      if (same.size() > 1) c.report("There can be only one argument named \"" + std::string(a.name) + "\".", same);
    }
    const input_value* def = nullptr;
    if (defs)
      for (const auto& d : *defs)
        if (d.name == a.name) def = &d;
    if (defs && !def)
      c.report("Unknown argument \"" + std::string(a.name) + "\" on " + (is_directive ? "directive \"@" : "field \"") + owner +
                   "\"." + did_you_mean_among(a.name, *defs), {a.at});
    if (def) {
      offset where = 0;
      const std::string problem = literal_problem(*def->type, a.value, where);
      if (!problem.empty()) c.report(problem, {where});
    }
    walk_value(c, a.value, def ? def->type.get() : nullptr, def && def->default_value, uses);
  }
  if (!defs) return;
  for (const auto& d : *defs) {
    if (!d.type->is_non_null() || d.default_value) continue;
    bool given = false;
    for (const auto& a : args) given = given || a.name == d.name;
    if (!given)
      c.report(std::string(is_directive ? "Directive \"@" : "Field \"") + owner.substr(owner.find('.') + 1) + "\" argument \"" + d.name + "\" of type \"" +
                   d.type->to_string() + "\" is required, but it was not provided.", {owner_at});
  }
}

void check_directives(validation_context& c, const std::vector<directive>& ds, directive_location where,
                      definition_uses& uses) {
  for (std::size_t i = 0; i < ds.size(); ++i) {
    const directive& d = ds[i];
    const directive_def* def = c.types.find_directive(d.name);
    if (!def) {
      c.report("Unknown directive \"@" + std::string(d.name) + "\".", {d.at});
    } else if (std::find(def->locations.begin(), def->locations.end(), where) == def->locations.end()) {
      c.report("Directive \"@" + std::string(d.name) + "\" may not be used on " + std::string(to_string(where)) + ".", {d.at});
    }
    if (def && !def->repeatable) {
      for (std::size_t j = 0; j < i; ++j) {
        if (ds[j].name == d.name) {
          c.report("The directive \"@" + std::string(d.name) + "\" can only be used once at this location.", {ds[j].at, d.at});
          break;
        }
      }
    }
    check_arguments(c, d.args, def ? &def->args : nullptr, std::string(d.name), d.at, true, uses);
  }
}

}  // namespace wmpulse::graphql::detail
