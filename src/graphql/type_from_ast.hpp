#pragma once
// A type written in a document ("[Int!]") to the schema's type (graphql-js typeFromAST).
#include "graphql/ast.hpp"
#include "graphql/schema.hpp"

namespace wmpulse::graphql {

// The schema type `node` names, or nullptr when it names a type the schema does not have.
type_ptr type_from_ast(const schema& s, const type_node& node);

}  // namespace wmpulse::graphql
