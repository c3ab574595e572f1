#include "graphql/suggestions.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wmpulse::graphql {
namespace {

using names = std::vector<std::string_view>;

TEST(suggestions, distance_counts_edits_ignoring_case_and_swaps_as_one) {
  EXPECT_EQ(lexical_distance("activeSessions", "activeSessions", 5), 0u);
  EXPECT_EQ(lexical_distance("ActiveSessions", "activeSessions", 5), 1u);  // case only
  EXPECT_EQ(lexical_distance("activeSesions", "activeSessions", 5), 1u);   // one deletion
  EXPECT_EQ(lexical_distance("activeSessinos", "activeSessions", 5), 1u);  // adjacent swap
  EXPECT_EQ(lexical_distance("kitten", "sitting", 5), 3u);
  EXPECT_EQ(lexical_distance("abc", "xyzxyz", 2), 3u);  // beyond the limit: limit + 1
  EXPECT_EQ(lexical_distance("a", "abcdefgh", 3), 4u);  // lengths alone exceed it
}

TEST(suggestions, close_names_come_closest_first_then_by_name) {
  const names options = {"totalConnections", "activeSessions", "activeSession", "avgSessionDurationMs", "xyz"};
  EXPECT_EQ(suggestions_for("activeSesion", options), (names{"activeSession", "activeSessions"}));
  // Both at distance 1 (case only; one deletion): the tie goes by name.
  EXPECT_EQ(suggestions_for("ACTIVESESSIONS", options), (names{"activeSession", "activeSessions"}));
  EXPECT_EQ(suggestions_for("totalConnection", options), names{"totalConnections"});
  EXPECT_EQ(suggestions_for("nothingLikeIt", options), names{});
}

TEST(suggestions, the_limit_grows_with_the_name) {
  // floor(0.4 * length) + 1 edits: 1 for a two-letter name, 3 for a five-letter one.
  EXPECT_EQ(suggestions_for("ab", names{"xy", "ay"}), names{"ay"});
  EXPECT_EQ(suggestions_for("abcde", names{"axyze", "xyzde"}), (names{"axyze", "xyzde"}));
  EXPECT_EQ(suggestions_for("abcde", names{"vwxyz"}), names{});
}

TEST(suggestions, the_hint_lists_at_most_five_names_in_english) {
  EXPECT_EQ(did_you_mean({}), "");
  EXPECT_EQ(did_you_mean({"a"}), " Did you mean \"a\"?");
  EXPECT_EQ(did_you_mean({"a", "b"}), " Did you mean \"a\" or \"b\"?");
  EXPECT_EQ(did_you_mean({"a", "b", "c"}), " Did you mean \"a\", \"b\", or \"c\"?");
  EXPECT_EQ(did_you_mean({"a", "b", "c", "d", "e", "f"}), " Did you mean \"a\", \"b\", \"c\", \"d\", or \"e\"?");
  EXPECT_EQ(did_you_mean({"Cat", "Dog"}, "to use an inline fragment on"),
            " Did you mean to use an inline fragment on \"Cat\" or \"Dog\"?");
}

}  // namespace
}  // namespace wmpulse::graphql
