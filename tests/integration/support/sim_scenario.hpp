#pragma once
// A named simulator scenario for the parameterized end-to-end tests: gtest names each test after
// it and prints the parameter as its name and flags, never as the object's bytes.
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace wmpulse::testing {

struct sim_scenario {
  std::string name;                   // the test's name: letters, digits and '_'
  std::vector<std::string> sim_args;  // extra simulator flags (faults, rates, …)
};

// What a failure's "where GetParam() = …" shows.
inline void PrintTo(const sim_scenario& s, std::ostream* os) {
  *os << s.name;
  for (const auto& a : s.sim_args) *os << ' ' << a;
}

// The name generator of INSTANTIATE_TEST_SUITE_P.
inline std::string scenario_name(const ::testing::TestParamInfo<sim_scenario>& info) { return info.param.name; }

}  // namespace wmpulse::testing
