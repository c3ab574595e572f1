#pragma once
// Why a literal is not a valid value of its type (spec §5.6.1 Values of Correct Type;
// graphql-js ValuesOfCorrectTypeRule). The validation rules report what it finds.
#include <string>

#include "graphql/ast.hpp"
#include "graphql/schema.hpp"

namespace wmpulse::graphql {

// The problem with `literal` as a value of `type`, or empty when there is none; `where` is
// set to the offending node. Variables inside are taken as valid.
std::string literal_problem(const type_ref& type, const ast_value& literal, offset& where);

}  // namespace wmpulse::graphql
