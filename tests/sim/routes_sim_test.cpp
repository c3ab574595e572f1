// The simulator's own endpoints, called as a client would.
#include <gtest/gtest.h>

#include <regex>

#include "sim_fixture.hpp"

namespace wmpulse::sim {
namespace {

using testing::sim_fixture;

// /sim/expected is read by people and by scripts: numbers as JSON.stringify writes them, the
// writer the API uses (core/json_writer.hpp), never Boost's 3.3E1.
TEST(sim_expected, numbers_are_written_as_people_write_them) {
  sim_fixture f;
  f.wall.advance(120'000);
  f.sim.tick();
  const auto a = f.call("GET", "/sim/expected?window=60");
  ASSERT_EQ(a.status, 200u) << a.body;
  EXPECT_NE(a.body.find("\"windowSeconds\":60,"), std::string::npos) << a.body;
  EXPECT_FALSE(std::regex_search(a.body, std::regex("[0-9][eE][+-]?[0-9]"))) << a.body;
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
