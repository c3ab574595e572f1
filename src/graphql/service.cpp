#include "graphql/service.hpp"

#include <list>
#include <mutex>
#include <unordered_map>

#include "graphql/ast.hpp"
#include "graphql/executor.hpp"
#include "graphql/input_values.hpp"
#include "graphql/limits_check.hpp"
#include "graphql/parser.hpp"
#include "graphql/validation.hpp"

namespace wmpulse::graphql {

std::string_view to_string(operation_kind k) {
  switch (k) {
    case operation_kind::query: return "query";
    case operation_kind::mutation: return "mutation";
    case operation_kind::subscription: return "subscription";
  }
  return "query";
}

// Least-recently-used map from query text to prepared document.
struct service::cache {
  std::mutex mutex;
  std::list<prepared> order;  // most recent first
  std::unordered_map<std::string_view, std::list<prepared>::iterator> by_text;

  prepared find(std::string_view text) {
    std::lock_guard lock(mutex);
    auto it = by_text.find(text);
    if (it == by_text.end()) return nullptr;
    order.splice(order.begin(), order, it->second);
    return *it->second;
  }
  void add(prepared p, std::size_t capacity) {
    if (capacity == 0) return;
    std::lock_guard lock(mutex);
    if (by_text.count(p->text)) return;
    order.push_front(std::move(p));
    by_text.emplace(order.front()->text, order.begin());
    while (order.size() > capacity) {
      by_text.erase(order.back()->text);
      order.pop_back();
    }
  }
};

service::service(std::shared_ptr<const graphql::schema> s, graphql::limits l)
    : schema_(std::move(s)), limits_(l), cache_(std::make_unique<cache>()) {}
service::~service() = default;

std::size_t service::cache_size() const {
  std::lock_guard lock(cache_->mutex);
  return cache_->order.size();
}

core::result<prepared, request_errors> service::prepare(std::string_view query) const {
  if (auto hit = cache_->find(query)) return hit;
  if (query.size() > limits_.max_query_bytes)
    return core::failure{request_error("The query is larger than the limit of " + std::to_string(limits_.max_query_bytes) + " bytes.")};
  auto p = std::make_shared<prepared_document>();
  p->text = std::string(query);
  const source_map map(p->text);
  auto parsed = parse(p->text, parse_limits{limits_.max_tokens, std::max<std::size_t>(64, limits_.max_depth * 4)});
  if (!parsed.ok()) return core::failure{to_json(std::vector<located_error>{parsed.error()}, map)};
  auto doc = std::make_shared<document>(std::move(parsed).value());
  if (auto e = check_limits(*doc, limits_)) return core::failure{to_json(std::vector<located_error>{*e}, map)};
  validation_limits vl;
  vl.max_overlap_comparisons = limits_.max_overlap_comparisons;
  auto errors = validate(*schema_, *doc, vl);
  if (!errors.empty()) return core::failure{to_json(errors, map)};
  p->doc = std::move(doc);
  cache_->add(p, limits_.cache_entries);
  return prepared(std::move(p));
}

core::result<operation_info, request_errors> service::select_operation(
    const prepared_document& doc, std::optional<std::string_view> name) const {
  const operation_definition* chosen = nullptr;
  const auto& ops = doc.doc->operations;
  if (name && !name->empty()) {
    for (const auto& op : ops)
      if (op.name == *name) chosen = &op;
    if (!chosen) return core::failure{request_error("Unknown operation named \"" + std::string(*name) + "\".")};
  } else if (ops.size() == 1) {
    chosen = &ops.front();
  } else {
    return core::failure{request_error(ops.empty() ? "Must provide an operation."
                                                   : "Must provide operation name if query contains multiple operations.")};
  }
  return operation_info{chosen, chosen->kind, std::string(chosen->name)};
}

execution_result service::execute(const prepared_document& doc, std::optional<std::string_view> operation_name,
                                  const boost::json::object& variables, const std::any& root) const {
  auto op = select_operation(doc, operation_name);
  if (!op.ok()) return {boost::json::object{{"errors", op.error()}}, true};
  const auto& definition = *static_cast<const operation_definition*>(op.value().definition);
  boost::json::object coerced;
  std::vector<located_error> errors;
  if (!coerce_variables(*schema_, definition, variables, coerced, errors))
    return {boost::json::object{{"errors", to_json(errors, source_map(doc.text))}}, true};
  auto body = execute_operation({*schema_, *doc.doc, doc.text, definition, coerced, root, limits_.max_response_bytes});
  const bool no_data = !body.contains("data");
  return {std::move(body), no_data};
}

}  // namespace wmpulse::graphql
