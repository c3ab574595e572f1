#pragma once
// The request limits of graphql::limits that need the AST: depth, fields, aliases and
// selections, with fragments expanded. Each fragment is costed once (memoized), so the check
// takes time linear in the document however often fragments are spread; a cycle or an
// unknown fragment counts as one selection (validation reports them).
#include <optional>

#include "graphql/ast.hpp"
#include "graphql/errors.hpp"

namespace wmpulse::graphql {

// Selections visited by the last check (a measure of its work, for tests).
struct limits_work {
  std::size_t selections_visited = 0;
};

std::optional<located_error> check_limits(const document& doc, const limits& l, limits_work* work = nullptr);

}  // namespace wmpulse::graphql
