// NoUnusedFragments and NoFragmentCycles.
#include <set>

#include "graphql/validation_context.hpp"

namespace wmpulse::graphql::detail {
namespace {

class cycle_finder {
public:
  explicit cycle_finder(validation_context& c) : c_(c) {}

  void run() {
    for (const auto& f : c_.doc.fragments)
      if (!visited_.count(f.name)) visit(f);
  }

private:
  void visit(const fragment_definition& f) {
    visited_.insert(f.name);
    index_by_name_[f.name] = path_.size();
    for (const fragment_spread* s : c_.uses[&f].spreads) {
      auto cycle = index_by_name_.find(s->name);
      path_.push_back(s);
      if (cycle == index_by_name_.end()) {
        const fragment_definition* next = c_.doc.find_fragment(s->name);
        if (next && !visited_.count(next->name)) visit(*next);
      } else {
        std::string via;
        std::vector<offset> at;
        for (std::size_t i = cycle->second; i < path_.size(); ++i) {
          at.push_back(path_[i]->at);
          if (i + 1 < path_.size()) via += std::string(via.empty() ? "" : ", ") + "\"" + std::string(path_[i]->name) + "\"";
        }
        c_.has_fragment_cycle = true;
        c_.report("Cannot spread fragment \"" + std::string(s->name) + "\" within itself" + (via.empty() ? "." : " via " + via + "."), at);
      }
      path_.pop_back();
    }
    index_by_name_.erase(f.name);
  }

  validation_context& c_;
  std::set<std::string_view> visited_;
  std::map<std::string_view, std::size_t> index_by_name_;
  std::vector<const fragment_spread*> path_;
};

}  // namespace

void check_fragment_usage(validation_context& c) {
  std::set<std::string_view> used;
  std::vector<const fragment_definition*> todo;
  auto spread_all = [&](const definition_uses& u) {
    for (const auto* s : u.spreads)
      if (used.insert(s->name).second)
        if (const auto* f = c.doc.find_fragment(s->name)) todo.push_back(f);
  };
  for (const auto& op : c.doc.operations) spread_all(c.uses[&op]);
  while (!todo.empty()) {
    const auto* f = todo.back();
    todo.pop_back();
    spread_all(c.uses[f]);
  }
  for (const auto& f : c.doc.fragments)
    if (!used.count(f.name)) c.report("Fragment \"" + std::string(f.name) + "\" is never used.", {f.at});
  cycle_finder(c).run();
}

}  // namespace wmpulse::graphql::detail
