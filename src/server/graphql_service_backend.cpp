#include "server/graphql_service_backend.hpp"

#include <boost/json/serialize.hpp>

#include "graphql/lexer.hpp"
#include "graphql/service.hpp"

namespace wmpulse::server {

std::optional<std::string> token_key(std::string_view query) {
  graphql::lexer lex(query);
  graphql::token t;
  graphql::located_error error;
  std::string key;
  key.reserve(query.size());
  using graphql::token_kind;
  while (lex.next(t, error)) {
    if (t.kind == token_kind::eof) return key;
    // A block string is a string written another way: the same token.
    const token_kind kind = t.kind == token_kind::block_string ? token_kind::string : t.kind;
    key += static_cast<char>('A' + static_cast<int>(kind));
    const bool is_string = t.kind == token_kind::string || t.kind == token_kind::block_string;
    const bool has_raw = t.kind == token_kind::name || t.kind == token_kind::int_ || t.kind == token_kind::float_;
    const std::string_view text = is_string ? std::string_view(t.value) : has_raw ? t.raw : std::string_view{};
    // Length-prefixed, so no string value can pass for a run of other tokens.
    key += std::to_string(text.size());
    key += ':';
    key += text;
  }
  return std::nullopt;
}

graphql_service_backend::graphql_service_backend(std::shared_ptr<const graphql::service> service)
    : service_(std::move(service)) {}

core::result<ws_operation, boost::json::array> graphql_service_backend::prepare(const ws_request& request) {
  auto prepared = service_->prepare(request.query);
  if (!prepared.ok()) return core::failure{prepared.error()};
  std::optional<std::string_view> name;
  if (request.operation_name) name = *request.operation_name;
  auto operation = service_->select_operation(*prepared.value(), name);
  if (!operation.ok()) return core::failure{operation.error()};

  ws_operation op;
  op.subscription = operation.value().kind == graphql::operation_kind::subscription;
  // Tokens, not text: comments and insignificant whitespace do not make a new key (and a
  // new execution per publication). Equal token streams are equal documents.
  op.key = token_key(request.query).value_or(request.query);
  op.key += '\0';
  op.key += request.operation_name.value_or("");
  op.key += '\0';
  op.key += boost::json::serialize(request.variables);
  op.execute = [service = service_, doc = prepared.value(), name = request.operation_name,
                variables = request.variables](const std::any& root) {
    std::optional<std::string_view> n;
    if (name) n = *name;
    return service->execute(*doc, n, variables, root).body;
  };
  return op;
}

}  // namespace wmpulse::server
