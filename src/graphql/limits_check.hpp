#pragma once
// The request limits of graphql::limits that need the AST: depth, fields and aliases, with
// fragments expanded (under a budget, so that fragments spread many times cannot blow up).
#include <optional>

#include "graphql/ast.hpp"
#include "graphql/errors.hpp"

namespace wmpulse::graphql {

std::optional<located_error> check_limits(const document& doc, const limits& l);

}  // namespace wmpulse::graphql
