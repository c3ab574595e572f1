#pragma once
// Shared state of the validation rules (internal to src/graphql).
#include <map>
#include <string>
#include <vector>

#include "graphql/validation.hpp"

namespace wmpulse::graphql::detail {

// A variable used somewhere, with the type its position expects (null when unknown).
struct variable_usage {
  std::string_view name;
  offset at = 0;
  const type_ref* expected = nullptr;
  bool location_has_default = false;
};

// What one definition (operation or fragment) uses.
struct definition_uses {
  std::vector<variable_usage> variables;
  std::vector<const fragment_spread*> spreads;
};

// Thrown by report() once the error limit is reached: validation stops there.
struct validation_aborted {};

struct validation_context {
  const schema& types;
  const document& doc;
  std::vector<located_error> errors;
  std::map<const void*, definition_uses> uses;  // keyed by operation / fragment definition
  bool has_fragment_cycle = false;  // the overlap rule is skipped then (it would not end)
  validation_limits limits;

  void report(std::string message, std::vector<offset> at) {
    if (errors.size() >= limits.max_errors) {
      errors.push_back({"Too many validation errors, error limit reached. Validation aborted.", {}});
      throw validation_aborted{};
    }
    errors.push_back({std::move(message), std::move(at)});
  }
  const field_def* find_field(const named_type& parent, std::string_view name) const;
};

// Rules over the whole document.
void check_definitions(validation_context& c);        // executable, unique names, lone anonymous
void check_subscriptions(validation_context& c);      // single root field, no introspection
void check_fragment_usage(validation_context& c);     // unused fragments, cycles
void check_variables(validation_context& c);          // unique, input types, defined, used, allowed
// Type-aware walk: fields, leafs, arguments, directives, values, fragments, spreads;
// fills `uses`.
void walk_definitions(validation_context& c);
void check_overlapping_fields(validation_context& c);

// Argument / directive helpers used by the walk.
void check_arguments(validation_context& c, const std::vector<argument>& args, const std::vector<input_value>* defs,
                     const std::string& owner, offset owner_at, bool is_directive, definition_uses& uses);
void check_directives(validation_context& c, const std::vector<directive>& ds, directive_location where,
                      definition_uses& uses);

// Collects the fields a selection set selects for the given parent type (used by the
// subscription rule and by overlap checks): response key -> (parent type, node).
struct collected_field {
  const named_type* parent = nullptr;
  const field* node = nullptr;
  const field_def* def = nullptr;
};
using field_map = std::vector<std::pair<std::string_view, std::vector<collected_field>>>;

}  // namespace wmpulse::graphql::detail
