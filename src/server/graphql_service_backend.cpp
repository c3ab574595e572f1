#include "server/graphql_service_backend.hpp"

#include <boost/json/serialize.hpp>

#include "graphql/service.hpp"

namespace wmpulse::server {

graphql_service_backend::graphql_service_backend(std::shared_ptr<const graphql::service> service, root_provider root)
    : service_(std::move(service)), root_(std::move(root)) {}

core::result<ws_operation, boost::json::array> graphql_service_backend::prepare(const ws_request& request) {
  auto prepared = service_->prepare(request.query);
  if (!prepared.ok()) return core::failure{prepared.error()};
  std::optional<std::string_view> name;
  if (request.operation_name) name = *request.operation_name;
  auto operation = service_->select_operation(*prepared.value(), name);
  if (!operation.ok()) return core::failure{operation.error()};

  ws_operation op;
  op.subscription = operation.value().kind == graphql::operation_kind::subscription;
  // The document is cached by its text, so the text identifies it.
  op.key = request.query;
  op.key += '\0';
  op.key += request.operation_name.value_or("");
  op.key += '\0';
  op.key += boost::json::serialize(request.variables);
  op.execute = [service = service_, doc = prepared.value(), name = request.operation_name,
                variables = request.variables, root = root_]() {
    std::optional<std::string_view> n;
    if (name) n = *name;
    return service->execute(*doc, n, variables, root()).body;
  };
  return op;
}

}  // namespace wmpulse::server
