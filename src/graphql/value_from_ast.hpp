#pragma once
// A literal in the document to the value resolvers see (spec §3.5 input coercion; graphql-js
// valueFromAST), and the parse of one leaf literal that validation reports on.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "graphql/ast.hpp"
#include "graphql/schema.hpp"

namespace wmpulse::graphql {

enum class literal_outcome : unsigned char { value, absent, invalid };

// A literal to `type`; variables are looked up in `vars` (already coerced); `vars` may be
// null when no variables are known (validation), in which case a variable is `absent`.
literal_outcome value_from_ast(const type_ref& type, const ast_value& literal, const boost::json::object* vars,
                               boost::json::value& out);

// A literal of a scalar or enum type: the scalar's own parse_literal, or the enum's values.
scalar_behaviour::literal_result parse_leaf_literal(const named_type& leaf, const ast_value& literal,
                                                    const boost::json::object* vars);

}  // namespace wmpulse::graphql
