# Read by ctest after the discovered tests: every test of graphql_limits_tests gets a TIMEOUT,
# so that a build that hangs on a hostile document fails the run instead of stalling it.
foreach(t IN ITEMS
    fragment_bomb_is_refused_naming_the_limit deeper_and_wider_bombs_are_refused
    bomb_over_fields_names_the_fields_limit bomb_through_cycles_is_refused
    bomb_of_unknown_fragments_is_refused bomb_through_inline_fragments_is_refused
    many_small_fragments_saturate_instead_of_wrapping unused_fragment_bomb_is_refused_too
    alias_bomb_is_refused depth_bomb_through_fragments_is_refused overlap_rule_stops_at_its_comparison_budget
    validation_stops_after_100_errors_as_graphql_js_does documents_within_the_limits_still_pass)
  set_tests_properties(graphql_limits.${t} PROPERTIES TIMEOUT 20)
endforeach()
