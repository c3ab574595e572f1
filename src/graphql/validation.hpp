#pragma once
// Validation of executable documents: every rule of spec §5 (October 2021). All errors are
// reported, each with its locations; an empty result means the document is valid.
#include <vector>

#include "graphql/ast.hpp"
#include "graphql/errors.hpp"
#include "graphql/schema.hpp"

namespace wmpulse::graphql {

// Bounds on validation's own work, so that no document makes it run long or answer at length.
struct validation_limits {
  std::size_t max_errors = 100;  // then "Too many validation errors…" and stop, as graphql-js does
  // Field pairs compared (and fields gathered for them; a conflict found counts 20) by
  // OverlappingFieldsCanBeMerged, which is quadratic in same-named fields; past this the
  // document is refused with an error naming the limit.
  std::size_t max_overlap_comparisons = 100'000;
};

std::vector<located_error> validate(const schema& s, const document& doc, const validation_limits& limits = {});

}  // namespace wmpulse::graphql
