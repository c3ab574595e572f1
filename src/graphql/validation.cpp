#include "graphql/validation.hpp"

#include <algorithm>

#include "graphql/validation_context.hpp"

namespace wmpulse::graphql {
namespace detail {

const field_def* validation_context::find_field(const named_type& parent, std::string_view name) const {
  if (name == "__typename" && parent.is_composite()) return &types.typename_meta_field();
  if (&parent == types.query_type()) {
    if (name == "__schema") return &types.schema_meta_field();
    if (name == "__type") return &types.type_meta_field();
  }
  if (parent.kind != type_kind::object && parent.kind != type_kind::interface) return nullptr;
  return parent.find_field(name);
}

void check_definitions(validation_context& c) {
  for (const auto& f : c.doc.foreign)
    c.report("The " + (f.name == "schema" ? std::string("schema") : "\"" + std::string(f.name) + "\"") + " definition is not executable.", {f.at});
  const auto& ops = c.doc.operations;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].name.empty()) {
      if (ops.size() > 1) c.report("This anonymous operation must be the only defined operation.", {ops[i].at});
      continue;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (ops[j].name == ops[i].name) {
        c.report("There can be only one operation named \"" + std::string(ops[i].name) + "\".", {ops[j].name_at, ops[i].name_at});
        break;
      }
    }
  }
  const auto& frags = c.doc.fragments;
  for (std::size_t i = 0; i < frags.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (frags[j].name == frags[i].name) {
        c.report("There can be only one fragment named \"" + std::string(frags[i].name) + "\".", {frags[j].name_at, frags[i].name_at});
        break;
      }
    }
  }
}

namespace {

// A literal @skip(if: true) or @include(if: false) leaves the selection out.
bool literally_skipped(const std::vector<directive>& ds) {
  for (const auto& d : ds)
    for (const auto& a : d.args)
      if (a.name == "if" && a.value.what == ast_value::kind::boolean && a.value.boolean == (d.name == "skip")) return true;
  return false;
}

// Root fields of a subscription, fragments expanded, directives ignored (as graphql-js does
// with no variables known).
void collect_root(const validation_context& c, const named_type& root, const selection_set& set,
                  std::vector<std::pair<std::string_view, std::vector<const field*>>>& out,
                  std::vector<std::string_view>& visited) {
  for (const auto& sel : set.items) {
    if (const auto* f = std::get_if<field>(&sel.node)) {
      if (literally_skipped(f->directives)) continue;
      auto key = f->response_key();
      auto it = std::find_if(out.begin(), out.end(), [&](const auto& g) { return g.first == key; });
      if (it == out.end()) out.push_back({key, {f}});
      else it->second.push_back(f);
    } else if (const auto* s = std::get_if<fragment_spread>(&sel.node)) {
      if (std::find(visited.begin(), visited.end(), s->name) != visited.end()) continue;
      visited.push_back(s->name);
      if (const auto* frag = c.doc.find_fragment(s->name)) collect_root(c, root, frag->selections, out, visited);
    } else {
      collect_root(c, root, std::get<inline_fragment>(sel.node).selections, out, visited);
    }
  }
}

}  // namespace

void check_subscriptions(validation_context& c) {
  const named_type* root = c.types.subscription_type();
  for (const auto& op : c.doc.operations) {
    if (op.kind != operation_kind::subscription || !root) continue;
    std::vector<std::pair<std::string_view, std::vector<const field*>>> fields;
    std::vector<std::string_view> visited;
    collect_root(c, *root, op.selections, fields, visited);
    const std::string who = op.name.empty() ? "Anonymous Subscription" : "Subscription \"" + std::string(op.name) + "\"";
    if (fields.size() > 1) {
      std::vector<offset> at;
      for (std::size_t i = 1; i < fields.size(); ++i)
        for (const auto* f : fields[i].second) at.push_back(f->at);
      c.report(who + " must select only one top level field.", at);
    }
    for (const auto& [key, nodes] : fields) {
      if (nodes.front()->name.substr(0, 2) != "__") continue;
      std::vector<offset> at;
      for (const auto* f : nodes) at.push_back(f->at);
      c.report(who + " must not select an introspection top level field.", at);
    }
  }
}

}  // namespace detail

std::vector<located_error> validate(const schema& s, const document& doc, const validation_limits& limits) {
  detail::validation_context c{s, doc, {}, {}, false, limits};
  try {
    detail::check_definitions(c);
    detail::check_subscriptions(c);
    detail::walk_definitions(c);
    detail::check_fragment_usage(c);
    detail::check_variables(c);
    if (!c.has_fragment_cycle) detail::check_overlapping_fields(c);
  } catch (const detail::validation_aborted&) {
  }
  return std::move(c.errors);
}

}  // namespace wmpulse::graphql
