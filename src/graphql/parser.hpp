#pragma once
// Recursive-descent parser for executable documents (spec §2, October 2021). Type-system
// definitions are recognised and skipped, and kept in document::foreign so that validation
// reports them as not executable (graphql-js parses them, then rejects them the same way).
#include <string_view>

#include "core/result.hpp"
#include "graphql/ast.hpp"
#include "graphql/errors.hpp"

namespace wmpulse::graphql {

struct parse_limits {
  std::size_t max_tokens = 10'000;
  std::size_t max_nesting = 256;  // selection sets, lists and objects inside each other
};

// The text must outlive the document (the AST holds views into it).
core::result<document, located_error> parse(std::string_view text, const parse_limits& limits = {});

}  // namespace wmpulse::graphql
