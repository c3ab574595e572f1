#include "graphql/limits_check.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace wmpulse::graphql {
namespace {

std::size_t add_saturated(std::size_t a, std::size_t b) {
  return a > std::numeric_limits<std::size_t>::max() - b ? std::numeric_limits<std::size_t>::max() : a + b;
}

// What expanding a selection set produces. `depth` is the deepest selection-set level reached.
struct tally {
  std::size_t fields = 0;
  std::size_t aliases = 0;
  std::size_t selections = 0;  // fields, fragment spreads and inline fragments
  std::size_t depth = 0;

  void add(const tally& t) {
    fields = add_saturated(fields, t.fields);
    aliases = add_saturated(aliases, t.aliases);
    selections = add_saturated(selections, t.selections);
    depth = std::max(depth, t.depth);
  }
};

std::string limit_message(std::string_view what, std::size_t limit) {
  return "Query " + std::string(what) + " than the limit of " + std::to_string(limit) + ".";
}

class limit_walker {
public:
  limit_walker(const document& doc, const limits& l) : doc_(doc), l_(l) {}

  // Expands `set` (at nesting `level`) into `t`. When `check`, the first selection that takes
  // `t` over a limit is reported; fragments are costed on their own, without locations.
  std::optional<located_error> add(const selection_set& set, std::size_t level, tally& t, bool check) {
    t.depth = std::max(t.depth, level);
    if (check && level > l_.max_depth) return located_error{limit_message("is nested deeper", l_.max_depth), {set.at}};
    for (const auto& sel : set.items) {
      ++visited_;
      std::optional<located_error> e;
      offset at = 0;
      t.selections = add_saturated(t.selections, 1);
      if (const auto* f = std::get_if<field>(&sel.node)) {
        at = f->at;
        t.fields = add_saturated(t.fields, 1);
        if (!f->alias.empty()) t.aliases = add_saturated(t.aliases, 1);
        if (auto over = check ? over_limit(t, at) : std::nullopt) return over;
        if (f->has_selections) e = add(f->selections, level + 1, t, check);
      } else if (const auto* s = std::get_if<fragment_spread>(&sel.node)) {
        at = s->at;
        tally inner = fragment_tally(s->name);
        if (inner.depth > 0) inner.depth += level - 1;
        t.add(inner);
      } else {
        const auto& i = std::get<inline_fragment>(sel.node);
        at = i.at;
        e = add(i.selections, level, t, check);
      }
      if (e) return e;
      if (auto over = check ? over_limit(t, at) : std::nullopt) return over;
    }
    return std::nullopt;
  }

  std::size_t visited() const { return visited_; }

private:
  std::optional<located_error> over_limit(const tally& t, offset at) const {
    if (t.depth > l_.max_depth) return located_error{limit_message("is nested deeper", l_.max_depth), {at}};
    if (t.fields > l_.max_fields) return located_error{limit_message("selects more fields", l_.max_fields), {at}};
    if (t.aliases > l_.max_aliases) return located_error{limit_message("uses more aliases", l_.max_aliases), {at}};
    if (t.selections > l_.max_expanded_selections)
      return located_error{limit_message("expands to more selections (fields and fragments)", l_.max_expanded_selections), {at}};
    return std::nullopt;
  }

  // The tally of a fragment's selection set at level 1, computed once. A fragment met again
  // while being costed (a cycle) or not defined adds nothing beyond its spread.
  tally fragment_tally(std::string_view name) {
    auto [it, fresh] = memo_.try_emplace(name);
    if (!fresh) return it->second;  // done, or in progress (cycle): the zero tally
    const fragment_definition* frag = doc_.find_fragment(name);
    if (!frag) return {};
    tally t;
    add(frag->selections, 1, t, false);
    memo_[name] = t;  // `it` may be invalidated by the recursion
    return t;
  }

  const document& doc_;
  const limits& l_;
  std::unordered_map<std::string_view, tally> memo_;
  std::size_t visited_ = 0;
};

std::optional<located_error> check_all(const document& doc, limit_walker& w) {
  for (const auto& op : doc.operations) {
    tally t;
    if (auto e = w.add(op.selections, 1, t, true)) return e;
  }
  for (const auto& f : doc.fragments) {  // unused fragments are still validated: cost them too
    tally t;
    if (auto e = w.add(f.selections, 1, t, true)) return e;
  }
  return std::nullopt;
}

}  // namespace

std::optional<located_error> check_limits(const document& doc, const limits& l, limits_work* work) {
  limit_walker w(doc, l);
  auto e = check_all(doc, w);
  if (work) work->selections_visited = w.visited();
  return e;
}

}  // namespace wmpulse::graphql
