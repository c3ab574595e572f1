#pragma once
// The built-in directives (@include, @skip, @deprecated, @specifiedBy).
#include <functional>
#include <string>
#include <vector>

#include "graphql/schema.hpp"

namespace wmpulse::graphql {

// Resolves an SDL type reference ("Boolean!") while a schema is being built.
using type_resolver = std::function<type_ptr(const std::string&)>;

std::vector<directive_def> builtin_directives(const type_resolver& ref);

}  // namespace wmpulse::graphql
