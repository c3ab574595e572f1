// OverlappingFieldsCanBeMerged (spec §5.3.2): fields with the same response key must be the
// same field with the same arguments unless their parents are different object types, must
// return compatible types, and their sub-selections must merge too.
#include <algorithm>
#include <optional>
#include <set>

#include "graphql/printer.hpp"
#include "graphql/validation_context.hpp"

namespace wmpulse::graphql::detail {
namespace {

struct conflict {
  std::string key;
  std::string reason;  // a reason, or already "subfields …" text
  std::vector<offset> left, right;
};

std::string reason_text(const std::vector<conflict>& subs) {
  std::string out = "subfields ";
  for (std::size_t i = 0; i < subs.size(); ++i)
    out += (i ? " and " : "") + ("\"" + subs[i].key + "\" conflict because " + subs[i].reason);
  return out;
}

bool types_conflict(const type_ref& a, const type_ref& b) {
  if (a.is_list()) return !b.is_list() || types_conflict(*a.of, *b.of);
  if (b.is_list()) return true;
  if (a.is_non_null()) return !b.is_non_null() || types_conflict(*a.of, *b.of);
  if (b.is_non_null()) return true;
  if (a.named->is_leaf() || b.named->is_leaf()) return a.named != b.named;
  return false;
}

bool same_arguments(const field& a, const field& b) {
  if (a.args.size() != b.args.size()) return false;
  for (const auto& x : a.args) {
    const auto it = std::find_if(b.args.begin(), b.args.end(), [&](const argument& y) { return y.name == x.name; });
    if (it == b.args.end() || print_ast_value(it->value) != print_ast_value(x.value)) return false;
  }
  return true;
}

// Thrown when the rule has compared more field pairs than validation_limits allows.
struct over_budget {};
constexpr std::size_t conflict_cost = 20;

class overlap_checker {
public:
  explicit overlap_checker(validation_context& c) : c_(c) {}

  // Every selection set of the document, with its parent type, is checked on its own.
  void check_set(const named_type* parent, const selection_set& set) {
    field_map own;
    std::vector<std::string_view> frags;
    gather(parent, set, own, frags, false);
    within(own);
    std::vector<field_map> expanded;
    for (auto name : frags) {
      field_map fm;
      std::vector<std::string_view> seen{name};
      if (const auto* f = c_.doc.find_fragment(name)) gather(c_.types.find_type(f->type_condition), f->selections, fm, seen, true);
      between(own, fm, false);
      expanded.push_back(std::move(fm));
    }
    for (std::size_t i = 0; i < expanded.size(); ++i)
      for (std::size_t j = i + 1; j < expanded.size(); ++j) between(expanded[i], expanded[j], false);
  }

private:
  // Fields of a selection set (inline fragments included); named fragments are listed in
  // `frags`, or expanded in place when `expand` (cycles cut by `frags` as a visited list).
  void gather(const named_type* parent, const selection_set& set, field_map& out, std::vector<std::string_view>& frags, bool expand) {
    for (const auto& sel : set.items) {
      spend();
      if (const auto* f = std::get_if<field>(&sel.node)) {
        const field_def* def = parent ? c_.find_field(*parent, f->name) : nullptr;
        const auto key = f->response_key();
        auto it = std::find_if(out.begin(), out.end(), [&](const auto& g) { return g.first == key; });
        if (it == out.end()) out.push_back({key, {{parent, f, def}}});
        else it->second.push_back({parent, f, def});
      } else if (const auto* s = std::get_if<fragment_spread>(&sel.node)) {
        if (std::find(frags.begin(), frags.end(), s->name) != frags.end()) continue;
        frags.push_back(s->name);
        const auto* frag = expand ? c_.doc.find_fragment(s->name) : nullptr;
        if (frag) gather(c_.types.find_type(frag->type_condition), frag->selections, out, frags, true);
      } else {
        const auto& i = std::get<inline_fragment>(sel.node);
        gather(i.type_condition.empty() ? parent : c_.types.find_type(i.type_condition), i.selections, out, frags, expand);
      }
    }
  }

  void within(const field_map& fm) {
    for (const auto& [key, fields] : fm)
      for (std::size_t i = 0; i < fields.size(); ++i)
        for (std::size_t j = i + 1; j < fields.size(); ++j)
          if (auto x = find(std::string(key), fields[i], fields[j], false)) report(*x);
  }

  void between(const field_map& a, const field_map& b, bool exclusive) {
    for (const auto& entry : a) {
      const std::string_view key = entry.first;
      const auto& left = entry.second;
      const auto it = std::find_if(b.begin(), b.end(), [&](const auto& g) { return g.first == key; });
      if (it == b.end()) continue;
      for (const auto& l : left)
        for (const auto& r : it->second)
          if (auto x = find(std::string(key), l, r, exclusive)) report(*x);
    }
  }

  std::vector<conflict> sub_conflicts(const field_map& a, const field_map& b, bool exclusive) {
    std::vector<conflict> out;
    for (const auto& entry : a) {
      const std::string_view key = entry.first;
      const auto& left = entry.second;
      const auto it = std::find_if(b.begin(), b.end(), [&](const auto& g) { return g.first == key; });
      if (it == b.end()) continue;
      for (const auto& l : left)
        for (const auto& r : it->second)
          if (auto x = find(std::string(key), l, r, exclusive)) out.push_back(std::move(*x));
    }
    return out;
  }

  // Every field gathered and every pair compared costs one unit of the budget; a conflict found
  // costs more (its message is built and copied into its parent's).
  void spend(std::size_t units = 1) {
    work_ += units;
    if (work_ > c_.limits.max_overlap_comparisons) throw over_budget{};
  }

  std::optional<conflict> find(const std::string& key, const collected_field& a, const collected_field& b, bool parents_exclusive) {
    spend();
    if (a.node == b.node) return std::nullopt;
    const bool exclusive = parents_exclusive || (a.parent != b.parent && a.parent && b.parent &&
                                                 a.parent->kind == type_kind::object && b.parent->kind == type_kind::object);
    auto make = [&](std::string reason) {
      spend(conflict_cost);
      return conflict{key, std::move(reason), {a.node->at}, {b.node->at}};
    };
    if (!exclusive) {
      if (a.node->name != b.node->name)
        return make("\"" + std::string(a.node->name) + "\" and \"" + std::string(b.node->name) + "\" are different fields");
      if (!same_arguments(*a.node, *b.node)) return make("they have differing arguments");
    }
    if (a.def && b.def && types_conflict(*a.def->type, *b.def->type))
      return make("they return conflicting types \"" + a.def->type->to_string() + "\" and \"" + b.def->type->to_string() + "\"");
    if (!a.node->has_selections || !b.node->has_selections) return std::nullopt;
    field_map left, right;
    std::vector<std::string_view> fl, fr;
    gather(a.def ? &a.def->type->base() : nullptr, a.node->selections, left, fl, true);
    gather(b.def ? &b.def->type->base() : nullptr, b.node->selections, right, fr, true);
    auto subs = sub_conflicts(left, right, exclusive);
    if (subs.empty()) return std::nullopt;
    conflict c = make(reason_text(subs));
    for (const auto& s : subs) {
      c.left.insert(c.left.end(), s.left.begin(), s.left.end());
      c.right.insert(c.right.end(), s.right.begin(), s.right.end());
    }
    return c;
  }

  void report(const conflict& x) {
    std::vector<offset> at = x.left;
    at.insert(at.end(), x.right.begin(), x.right.end());
    const std::string message = "Fields \"" + x.key + "\" conflict because " + x.reason +
                                ". Use different aliases on the fields to fetch both if this was intentional.";
    if (reported_.insert(message + std::to_string(at.front()) + "/" + std::to_string(at.back())).second) c_.report(message, at);
  }

  validation_context& c_;
  std::set<std::string> reported_;
  std::size_t work_ = 0;
};

// Visits every selection set of the document with its parent type.
void visit_sets(validation_context& c, overlap_checker& checker, const named_type* parent, const selection_set& set) {
  checker.check_set(parent, set);
  for (const auto& sel : set.items) {
    if (const auto* f = std::get_if<field>(&sel.node)) {
      if (!f->has_selections) continue;
      const field_def* def = parent ? c.find_field(*parent, f->name) : nullptr;
      const named_type* t = def ? &def->type->base() : nullptr;
      visit_sets(c, checker, t && t->is_composite() ? t : nullptr, f->selections);
    } else if (const auto* i = std::get_if<inline_fragment>(&sel.node)) {
      visit_sets(c, checker, i->type_condition.empty() ? parent : c.types.find_type(i->type_condition), i->selections);
    }
  }
}

}  // namespace

void check_overlapping_fields(validation_context& c) {
  overlap_checker checker(c);
  try {
    for (const auto& op : c.doc.operations) {
      const named_type* root = op.kind == operation_kind::query      ? c.types.query_type()
                               : op.kind == operation_kind::mutation ? c.types.mutation_type()
                                                                     : c.types.subscription_type();
      visit_sets(c, checker, root, op.selections);
    }
    for (const auto& f : c.doc.fragments) visit_sets(c, checker, c.types.find_type(f.type_condition), f.selections);
  } catch (const over_budget&) {
    c.report("Query needs more field comparisons than the limit of " + std::to_string(c.limits.max_overlap_comparisons) +
                 " to check that its fields can merge.",
             {});
  }
}

}  // namespace wmpulse::graphql::detail
