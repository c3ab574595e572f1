#include "genesys/queue_selection.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace wmpulse::genesys {
namespace {

using fail = core::failure<std::string>;

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The id `entry` stands for, or why it stands for none.
core::result<std::string, std::string> resolve_one(const std::string& entry, const std::vector<events::queue_label>& listed) {
  std::vector<const events::queue_label*> by_case;
  for (const auto& q : listed) {
    if (q.id == entry || q.name == entry) return q.id;
    if (same_ignoring_case(q.name, entry)) by_case.push_back(&q);
  }
  if (by_case.size() == 1) return by_case.front()->id;
  if (by_case.size() > 1)
    return fail{"--queues: \"" + entry + "\" matches several queue names (" + by_case[0]->name + ", " + by_case[1]->name +
                "): give the queue id"};
  if (looks_like_queue_id(entry)) return entry;
  return fail{"--queues: no queue is named \"" + entry + "\" (nor has that id) among the " + std::to_string(listed.size()) +
              " routing queues"};
}

}  // namespace

bool looks_like_queue_id(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

core::result<std::vector<std::string>, std::string> resolve_queues(const std::vector<std::string>& wanted,
                                                                   const std::vector<events::queue_label>& listed) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (const auto& entry : wanted) {
    auto id = resolve_one(entry, listed);
    if (!id) return fail{id.error()};
    if (seen.insert(id.value()).second) ids.push_back(std::move(id.value()));
  }
  return ids;
}

std::vector<events::queue_label> labels_of(const std::vector<events::queue_label>& listed,
                                           const std::vector<std::string>& followed) {
  const std::set<std::string_view> ids(followed.begin(), followed.end());
  std::vector<events::queue_label> out;
  for (const auto& q : listed)
    if (ids.contains(q.id)) out.push_back(q);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

}  // namespace wmpulse::genesys
