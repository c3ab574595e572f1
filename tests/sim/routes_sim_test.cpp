// The simulator's own endpoints, called as a client would.
#include <gtest/gtest.h>

#include <cctype>
#include <string_view>

#include "sim_fixture.hpp"

namespace wmpulse::sim {
namespace {

using testing::sim_fixture;

// A number in exponent form: a digit, e or E, an optional sign, a digit.
bool has_exponent_number(std::string_view s) {
  auto digit = [&](std::size_t i) { return i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); };
  for (std::size_t i = 1; i < s.size(); ++i) {
    if ((s[i] != 'e' && s[i] != 'E') || !digit(i - 1)) continue;
    const std::size_t next = i + 1 < s.size() && (s[i + 1] == '+' || s[i + 1] == '-') ? i + 2 : i + 1;
    if (digit(next)) return true;
  }
  return false;
}

// /sim/expected is read by people and by scripts: numbers as JSON.stringify writes them, the
// writer the API uses (core/json_writer.hpp), never Boost's 3.3E1.
TEST(sim_expected, numbers_are_written_as_people_write_them) {
  sim_fixture f;
  f.wall.advance(120'000);
  f.sim.tick();
  const auto a = f.call("GET", "/sim/expected?window=60");
  ASSERT_EQ(a.status, 200u) << a.body;
  EXPECT_NE(a.body.find("\"windowSeconds\":60,"), std::string::npos) << a.body;
  EXPECT_FALSE(has_exponent_number(a.body)) << a.body;
  EXPECT_TRUE(has_exponent_number("{\"x\":3.3E1}")) << "the check itself";
}

TEST(sim_expected, a_utc_offset_selects_the_daily_period_and_a_bad_one_is_refused) {
  sim_fixture f;
  EXPECT_EQ(f.call("GET", "/sim/expected?utcOffset=%2B02:00").status, 200u);
  EXPECT_EQ(f.call("GET", "/sim/expected?utcOffset=UTC").status, 200u);
  const auto bad = f.call("GET", "/sim/expected?utcOffset=2h");
  EXPECT_EQ(bad.status, 400u);
  EXPECT_NE(bad.body.find("utcOffset"), std::string::npos) << bad.body;
}

}  // namespace
}  // namespace wmpulse::sim
