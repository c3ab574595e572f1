#pragma once
// "Did you mean …?" hints for names a document gets wrong, with graphql-js's rules, so that
// a typo in a query reads the same here as against a reference server: the candidates within
// a lexical distance of 40 % of the name's length (plus one), closest first, then by name;
// at most five are named.
#include <string>
#include <string_view>
#include <vector>

namespace wmpulse::graphql {

// The edit distance (insertions, deletions, substitutions, adjacent swaps) between a and b,
// ignoring case; 0 only for identical strings, 1 for strings that differ only in case. Larger
// than `limit` is reported as limit + 1.
std::size_t lexical_distance(std::string_view a, std::string_view b, std::size_t limit);

// The options close enough to input to suggest, best first.
std::vector<std::string_view> suggestions_for(std::string_view input, const std::vector<std::string_view>& options);

// " Did you mean \"a\", \"b\", or \"c\"?" for up to five suggestions; "" for none. A `what`
// goes between: " Did you mean to use an inline fragment on \"a\"?".
std::string did_you_mean(const std::vector<std::string_view>& suggestions, std::string_view what = {});

// The hint for input among the names of a schema's fields, arguments, enum values or types
// (elements or pointers to elements with a `name`).
template <class T>
std::string did_you_mean_among(std::string_view input, const std::vector<T>& named) {
  std::vector<std::string_view> names;
  names.reserve(named.size());
  for (const auto& n : named) {
    if constexpr (requires { n->name; }) names.emplace_back(n->name);
    else names.emplace_back(n.name);
  }
  return did_you_mean(suggestions_for(input, names));
}

}  // namespace wmpulse::graphql
