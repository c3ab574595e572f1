// The type-aware walk over every operation and fragment definition: FieldsOnCorrectType,
// ScalarLeafs, KnownTypeNames, FragmentsOnCompositeTypes, PossibleFragmentSpreads,
// KnownFragmentNames, and (through validate_arguments.cpp) arguments, directives and values.
#include <algorithm>

#include "graphql/suggestions.hpp"
#include "graphql/validation_context.hpp"

namespace wmpulse::graphql::detail {
namespace {

bool types_overlap(const named_type& a, const named_type& b) {
  if (&a == &b) return true;
  auto possible = [](const named_type& t) {
    std::vector<const named_type*> out;
    if (t.kind == type_kind::object) out.push_back(&t);
    else for (const auto* m : t.members) if (m->kind == type_kind::object) out.push_back(m);
    return out;
  };
  for (const auto* x : possible(a))
    for (const auto* y : possible(b))
      if (x == y) return true;
  return false;
}

bool implements(const named_type& t, const named_type& interface) {
  return std::find(t.interfaces.begin(), t.interfaces.end(), &interface) != t.interfaces.end();
}

// For a field asked of an abstract type: the possible types that have it, and their interfaces
// that have it, the most used first, an interface before the types implementing it, then by
// name (as graphql-js suggests inline fragments).
std::vector<std::string_view> types_with_field(const named_type& abstract, std::string_view field) {
  std::vector<std::pair<const named_type*, int>> found;  // type, how many possible types lead to it
  const auto count = [&](const named_type* t) {
    auto it = std::find_if(found.begin(), found.end(), [&](const auto& f) { return f.first == t; });
    if (it == found.end()) found.emplace_back(t, 1); else ++it->second;
  };
  for (const auto* possible : abstract.members) {
    if (possible->kind != type_kind::object || !possible->find_field(field)) continue;
    count(possible);
    for (const auto* i : possible->interfaces)
      if (i->find_field(field)) count(i);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second > b.second;
    if (a.first->kind == type_kind::interface && implements(*b.first, *a.first)) return true;
    if (b.first->kind == type_kind::interface && implements(*a.first, *b.first)) return false;
    return a.first->name < b.first->name;
  });
  std::vector<std::string_view> names;
  for (const auto& [t, uses] : found) names.emplace_back(t->name);
  return names;
}

// graphql-js's hint for an unknown field: inline fragments on types that have it, else
// fields of the parent with a similar name.
std::string field_hint(const named_type& parent, std::string_view field) {
  if (parent.is_abstract()) {
    if (auto hint = did_you_mean(types_with_field(parent, field), "to use an inline fragment on"); !hint.empty()) return hint;
  }
  return did_you_mean_among(field, parent.fields);
}

class walker {
public:
  walker(validation_context& c, definition_uses& uses) : c_(c), uses_(uses) {}

  void selections(const named_type* parent, const selection_set& set) {
    for (const auto& sel : set.items) {
      if (const auto* f = std::get_if<field>(&sel.node)) on_field(parent, *f);
      else if (const auto* s = std::get_if<fragment_spread>(&sel.node)) on_spread(parent, *s);
      else on_inline(parent, std::get<inline_fragment>(sel.node));
    }
  }

  // KnownTypeNames + FragmentsOnCompositeTypes for a type condition; the type or nullptr.
  const named_type* condition(std::string_view name, offset at, const std::string& who) {
    const named_type* t = c_.types.find_type(name);
    if (!t) {
      c_.report("Unknown type \"" + std::string(name) + "\"." + did_you_mean_among(name, c_.types.types()), {at});
      return nullptr;
    }
    if (!t->is_composite()) {
      c_.report(who + " cannot condition on non composite type \"" + t->name + "\".", {at});
      return nullptr;
    }
    return t;
  }

private:
  void on_field(const named_type* parent, const field& f) {
    const field_def* def = parent ? c_.find_field(*parent, f.name) : nullptr;
    if (parent && !def)
      c_.report("Cannot query field \"" + std::string(f.name) + "\" on type \"" + parent->name + "\"." +
                    field_hint(*parent, f.name), {f.at});
    const std::string owner = def ? parent->name + "." + std::string(f.name) : std::string();
    check_arguments(c_, f.args, def ? &def->args : nullptr, owner, f.at, false, uses_);
    check_directives(c_, f.directives, directive_location::field, uses_);
    const named_type* type = def ? &def->type->base() : nullptr;
    if (type && type->is_leaf() && f.has_selections)
      c_.report("Field \"" + std::string(f.name) + "\" must not have a selection since type \"" + def->type->to_string() +
                    "\" has no subfields.", {f.selections.at});
    if (type && !type->is_leaf() && !f.has_selections)
      c_.report("Field \"" + std::string(f.name) + "\" of type \"" + def->type->to_string() +
                    "\" must have a selection of subfields. Did you mean \"" + std::string(f.name) + " { ... }\"?", {f.at});
    if (f.has_selections) selections(type && type->is_composite() ? type : nullptr, f.selections);
  }

  void on_spread(const named_type* parent, const fragment_spread& s) {
    check_directives(c_, s.directives, directive_location::fragment_spread, uses_);
    uses_.spreads.push_back(&s);
    const fragment_definition* frag = c_.doc.find_fragment(s.name);
    if (!frag) {
      c_.report("Unknown fragment \"" + std::string(s.name) + "\".", {s.name_at});
      return;
    }
    const named_type* t = c_.types.find_type(frag->type_condition);
    if (parent && t && t->is_composite() && !types_overlap(*parent, *t))
      c_.report("Fragment \"" + std::string(s.name) + "\" cannot be spread here as objects of type \"" + parent->name +
                    "\" can never be of type \"" + t->name + "\".", {s.at});
  }

  void on_inline(const named_type* parent, const inline_fragment& i) {
    check_directives(c_, i.directives, directive_location::inline_fragment, uses_);
    const named_type* t = parent;
    if (!i.type_condition.empty()) {
      t = condition(i.type_condition, i.type_at, "Fragment");
      if (parent && t && !types_overlap(*parent, *t))
        c_.report("Fragment cannot be spread here as objects of type \"" + parent->name + "\" can never be of type \"" +
                      t->name + "\".", {i.at});
    }
    selections(t, i.selections);
  }

  validation_context& c_;
  definition_uses& uses_;
};

directive_location location_of(operation_kind k) {
  return k == operation_kind::query ? directive_location::query
         : k == operation_kind::mutation ? directive_location::mutation : directive_location::subscription;
}

}  // namespace

void walk_definitions(validation_context& c) {
  for (const auto& op : c.doc.operations) {
    auto& uses = c.uses[&op];
    for (const auto& v : op.variables) {
      check_directives(c, v.directives, directive_location::variable_definition, uses);
    }
    check_directives(c, op.directives, location_of(op.kind), uses);
    const named_type* root = op.kind == operation_kind::query      ? c.types.query_type()
                             : op.kind == operation_kind::mutation ? c.types.mutation_type()
                                                                   : c.types.subscription_type();
    if (!root) c.report("Schema is not configured to execute " + std::string(to_string(op.kind)) + " operation.", {op.at});
    walker(c, uses).selections(root, op.selections);
  }
  for (const auto& f : c.doc.fragments) {
    auto& uses = c.uses[&f];
    check_directives(c, f.directives, directive_location::fragment_definition, uses);
    walker w(c, uses);
    const named_type* t = w.condition(f.type_condition, f.type_at, "Fragment \"" + std::string(f.name) + "\"");
    w.selections(t, f.selections);
  }
}

}  // namespace wmpulse::graphql::detail
