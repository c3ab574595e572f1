#pragma once
// The GraphQL service: a schema, a cache of parsed-and-validated documents keyed by query
// text, and execution. Transports (GraphQL over HTTP, graphql-transport-ws) use only this.
//
//   auto p = svc.prepare(query);                      // parse + limits + validate, cached
//   if (!p.ok()) → p.error() is the "errors" array (request error, no data)
//   auto op = svc.select_operation(*p.value(), name);  // spec GetOperation
//   if (!op.ok()) → op.error() is the "errors" array (request error)
//   op.value().kind                                     // query / mutation / subscription
//   auto r = svc.execute(*p.value(), name, variables, root);
//   r.body  → {"data":…,"errors":[…]} or, when r.request_error, {"errors":[…]} only
//
// Thread-safe: any number of threads may prepare and execute at once.
#include <any>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "graphql/schema.hpp"

namespace wmpulse::graphql {

enum class operation_kind : unsigned char { query, mutation, subscription };
std::string_view to_string(operation_kind k);

// Limits applied by prepare() (a document over a limit is a request error naming it) and, for
// max_response_bytes, by execute() (a larger response is replaced by an error naming it).
struct limits {
  std::size_t max_query_bytes = 100'000;
  std::size_t max_tokens = 10'000;
  std::size_t max_depth = 32;        // nesting of selection sets, fragments expanded
  std::size_t max_fields = 2'000;    // field selections (aliases included), fragments expanded
  std::size_t max_aliases = 1'000;   // fields with an alias
  std::size_t max_expanded_selections = 5'000;  // fields, spreads and inline fragments, expanded
  std::size_t max_overlap_comparisons = 100'000;  // field pairs compared by OverlappingFieldsCanBeMerged
  std::size_t max_response_bytes = 8 * 1024 * 1024;  // JSON produced by execute(), estimated as it grows
  std::size_t cache_entries = 512;   // prepared documents kept (least recently used dropped)
};

struct document;  // parsed AST (graphql/ast.hpp)

// A parsed document that passed the limits and every validation rule. Immutable, shared.
struct prepared_document {
  std::shared_ptr<const document> doc;
  std::string text;  // the query text the AST's string_views point into
};
using prepared = std::shared_ptr<const prepared_document>;

using request_errors = boost::json::array;  // [{"message","locations"?}, …]

struct operation_info {
  const void* definition = nullptr;  // the chosen operation (ast operation_definition)
  operation_kind kind = operation_kind::query;
  std::string name;  // empty for an anonymous operation
};

struct execution_result {
  boost::json::object body;    // the response: {"data", "errors"?} or {"errors"} alone
  bool request_error = false;  // operation selection, variable coercion or the response cap failed: no "data"
};

class service {
public:
  explicit service(std::shared_ptr<const schema> s, limits l = {});
  ~service();
  service(const service&) = delete;
  service& operator=(const service&) = delete;

  // Parse, check limits and validate, or return the request errors. Results (valid ones
  // only) are cached by query text.
  core::result<prepared, request_errors> prepare(std::string_view query) const;

  // The spec's GetOperation: by name, or the only one when operation_name is empty/absent.
  core::result<operation_info, request_errors> select_operation(
      const prepared_document& doc, std::optional<std::string_view> operation_name) const;

  // Execute the chosen operation. For a subscription this is MapSourceToResponseEvent with
  // the event being `root`: the subscription's selection set is executed against it.
  execution_result execute(const prepared_document& doc, std::optional<std::string_view> operation_name,
                           const boost::json::object& variables, const std::any& root) const;

  const graphql::schema& types() const { return *schema_; }
  const graphql::limits& request_limits() const { return limits_; }
  std::size_t cache_size() const;

private:
  struct cache;
  std::shared_ptr<const graphql::schema> schema_;
  graphql::limits limits_;
  std::unique_ptr<cache> cache_;
};

}  // namespace wmpulse::graphql
