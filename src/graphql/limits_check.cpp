#include "graphql/limits_check.hpp"

#include <algorithm>

namespace wmpulse::graphql {
namespace {

class limit_walker {
public:
  limit_walker(const document& doc, const limits& l) : doc_(doc), l_(l) {}

  std::optional<located_error> walk(const selection_set& set, std::size_t depth) {
    if (depth > l_.max_depth)
      return located_error{"Query is nested deeper than the limit of " + std::to_string(l_.max_depth) + ".", {set.at}};
    for (const auto& sel : set.items) {
      std::optional<located_error> e;
      if (const auto* f = std::get_if<field>(&sel.node)) {
        if (++fields_ > l_.max_fields)
          return located_error{"Query selects more fields than the limit of " + std::to_string(l_.max_fields) + ".", {f->at}};
        if (!f->alias.empty() && ++aliases_ > l_.max_aliases)
          return located_error{"Query uses more aliases than the limit of " + std::to_string(l_.max_aliases) + ".", {f->at}};
        if (f->has_selections) e = walk(f->selections, depth + 1);
      } else if (const auto* s = std::get_if<fragment_spread>(&sel.node)) {
        const fragment_definition* frag = doc_.find_fragment(s->name);
        if (frag && std::find(stack_.begin(), stack_.end(), frag) == stack_.end()) {
          stack_.push_back(frag);
          e = walk(frag->selections, depth);
          stack_.pop_back();
        }
      } else {
        e = walk(std::get<inline_fragment>(sel.node).selections, depth);
      }
      if (e) return e;
    }
    return std::nullopt;
  }

private:
  const document& doc_;
  const limits& l_;
  std::size_t fields_ = 0;
  std::size_t aliases_ = 0;
  std::vector<const fragment_definition*> stack_;
};

}  // namespace

std::optional<located_error> check_limits(const document& doc, const limits& l) {
  for (const auto& op : doc.operations) {
    limit_walker w(doc, l);
    if (auto e = w.walk(op.selections, 1)) return e;
  }
  return std::nullopt;
}

}  // namespace wmpulse::graphql
