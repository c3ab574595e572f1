#pragma once
// Validation of executable documents: every rule of spec §5 (October 2021). All errors are
// reported, each with its locations; an empty result means the document is valid.
#include <vector>

#include "graphql/ast.hpp"
#include "graphql/errors.hpp"
#include "graphql/schema.hpp"

namespace wmpulse::graphql {

std::vector<located_error> validate(const schema& s, const document& doc);

}  // namespace wmpulse::graphql
