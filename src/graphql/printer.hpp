#pragma once
// An AST value back to GraphQL source (graphql-js print), for messages and for comparing
// two arguments' values.
#include <string>

#include "graphql/ast.hpp"

namespace wmpulse::graphql {

std::string print_ast_value(const ast_value& v);

}  // namespace wmpulse::graphql
