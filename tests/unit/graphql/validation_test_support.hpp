#pragma once
// Helpers for validation tests: parse + validate against the spec's example schema and compare
// the errors (whole message, "Did you mean" hints included, and line/column locations) with
// the expected ones, in any order.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "graphql/parser.hpp"
#include "unit/graphql/spec_schema.hpp"
#include "graphql/validation.hpp"

namespace wmpulse::graphql::testing {

struct expected_error {
  std::string message;
  std::vector<std::pair<int, int>> locations;
  bool operator<(const expected_error& o) const { return std::tie(message, locations) < std::tie(o.message, o.locations); }
  bool operator==(const expected_error& o) const { return message == o.message && locations == o.locations; }
};

inline void PrintTo(const expected_error& e, std::ostream* os) {
  *os << e.message << " @";
  for (auto [l, c] : e.locations) *os << " " << l << ":" << c;
}

inline std::vector<expected_error> validation_errors(std::string_view text) {
  static const auto s = spec_schema();
  auto doc = parse(text);
  if (!doc.ok()) {
    ADD_FAILURE() << "syntax error: " << doc.error().message;
    return {};
  }
  const source_map map(text);
  std::vector<expected_error> out;
  for (const auto& e : validate(*s, doc.value())) {
    expected_error x{e.message, {}};
    for (auto at : e.at) x.locations.push_back(map.line_column(at));
    out.push_back(std::move(x));
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline void expect_valid(std::string_view text) { EXPECT_EQ(validation_errors(text), std::vector<expected_error>{}); }

inline void expect_errors(std::string_view text, std::vector<expected_error> expected) {
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(validation_errors(text), expected);
}

}  // namespace wmpulse::graphql::testing
