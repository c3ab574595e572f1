#include "genesys/recovery_plan.hpp"

#include <algorithm>

#include "core/iso8601.hpp"

namespace wmpulse::genesys {

query_plan::query_plan(std::vector<details_query> queries, core::millis min_span_ms, core::millis refused_span_ms)
    : todo_(queries.begin(), queries.end()), min_span_(std::max<core::millis>(min_span_ms, 1)), refused_span_(refused_span_ms) {}

bool query_plan::splittable(const details_query& q) const { return q.to_ms - q.from_ms > min_span_; }

void query_plan::split_front() {
  details_query first = todo_.front();
  details_query second = first;
  first.to_ms = second.from_ms = first.from_ms + (first.to_ms - first.from_ms) / 2;
  todo_.pop_front();
  todo_.push_front(second);
  todo_.push_front(first);
}

const details_query& query_plan::next() {
  while (refused_span_ > 0 && todo_.front().to_ms - todo_.front().from_ms >= refused_span_ && splittable(todo_.front()))
    split_front();
  return todo_.front();
}

void query_plan::succeeded() { todo_.pop_front(); }

bool query_plan::refused() {
  const auto& q = todo_.front();
  // Refused at the shortest span, the reason is not the length: nothing to learn from it.
  if (!splittable(q)) return false;
  const core::millis span = q.to_ms - q.from_ms;
  refused_span_ = refused_span_ > 0 ? std::min(refused_span_, span) : span;
  split_front();
  return true;
}

std::vector<details_query> query_plan::abandon() {
  std::vector<details_query> rest(todo_.begin(), todo_.end());
  todo_.clear();
  return rest;
}

std::vector<std::string> not_returned(std::vector<std::string> open, const std::vector<conversation_snapshot>& rows) {
  std::vector<std::string> returned;
  returned.reserve(rows.size());
  for (const auto& r : rows) returned.push_back(r.id);
  std::sort(returned.begin(), returned.end());
  std::erase_if(open, [&](const std::string& id) { return std::binary_search(returned.begin(), returned.end(), id); });
  return open;
}

std::vector<std::vector<std::string>> in_batches(const std::vector<std::string>& ids, std::size_t n) {
  std::vector<std::vector<std::string>> out;
  for (std::size_t i = 0; i < ids.size(); i += n)
    out.emplace_back(ids.begin() + static_cast<std::ptrdiff_t>(i),
                     ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + n)));
  return out;
}

std::string describe(const details_query& q) {
  return core::format_iso8601_ms(q.from_ms) + " .. " + core::format_iso8601_ms(q.to_ms) + (q.open_only ? " (open only)" : "");
}

}  // namespace wmpulse::genesys
