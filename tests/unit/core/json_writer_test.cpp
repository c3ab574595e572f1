#include "core/json_writer.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <utility>

#include <boost/json.hpp>

namespace wmpulse::core {
namespace {

TEST(json_writer, numbers_are_written_as_javascript_writes_them) {
  EXPECT_EQ(write_json(boost::json::value{{"a", 1234.5}, {"b", 17.0}, {"c", -3}, {"d", 0.1}}),
            R"({"a":1234.5,"b":17,"c":-3,"d":0.1})");
  EXPECT_EQ(write_json(boost::json::value(33.0)), "33");  // Boost.JSON's serialize writes 3.3E1
  EXPECT_EQ(write_json(boost::json::value(1'795'860'000'000.0)), "1795860000000");
  EXPECT_EQ(write_json(boost::json::value(std::uint64_t{18'446'744'073'709'551'615u})), "18446744073709551615");
  EXPECT_EQ(write_json(boost::json::value(-0.25)), "-0.25");
}

// Each expectation is what JSON.stringify writes for the same double.
TEST(json_writer, doubles_switch_to_an_exponent_where_javascript_does) {
  const std::pair<double, const char*> cases[] = {
      {1e21, "1e+21"},           {1.5e21, "1.5e+21"},   {123456789012345680000.0, "123456789012345680000"},
      {1e-7, "1e-7"},            {1.5e-7, "1.5e-7"},    {0.000001, "0.000001"},
      {0.1, "0.1"},              {5.25, "5.25"},        {2345.3333333333335, "2345.3333333333335"},
      {-0.0, "0"},               {-1e300, "-1e+300"},   {5e-324, "5e-324"},
      {1795860000123.0, "1795860000123"}};
  for (const auto& [value, text] : cases) EXPECT_EQ(write_json(boost::json::value(value)), text) << text;
}

TEST(json_writer, non_finite_numbers_become_null) {
  EXPECT_EQ(write_json(boost::json::array{std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}),
            "[null,null]");
}

TEST(json_writer, strings_keys_and_nesting_are_escaped_and_compact) {
  EXPECT_EQ(write_json(boost::json::value{{"k\"ey", boost::json::array{"a\nb", nullptr, true}}, {"o", boost::json::object{}}}),
            R"({"k\"ey":["a\nb",null,true],"o":{}})");
}

}  // namespace
}  // namespace wmpulse::core
