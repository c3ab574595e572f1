#pragma once
// A literal read as plain JSON, without a type (graphql-js valueFromASTUntyped): what a
// custom scalar without its own parse_literal is handed.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "graphql/ast.hpp"

namespace wmpulse::graphql {

// Variables are looked up in `vars` (null when none are known); a missing one reads as null.
boost::json::value value_from_ast_untyped(const ast_value& v, const boost::json::object* vars);

}  // namespace wmpulse::graphql
