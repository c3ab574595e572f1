// Each built-in scalar parses its own literals and variable values (spec §3.5), with the
// messages graphql-js gives; a custom scalar that leaves them empty gets the defaults.
#include <gtest/gtest.h>

#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "graphql/coerce_input_value.hpp"
#include "graphql/parser.hpp"
#include "graphql/schema.hpp"
#include "graphql/value_from_ast.hpp"
#include "graphql/values_of_correct_type.hpp"

namespace wmpulse::graphql {
namespace {

using boost::json::value;

std::optional<value> shout(const value& v) {
  if (!v.is_string()) return std::nullopt;
  std::string s(v.get_string());
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return value(s);
}

// The built-in scalars, and three custom ones: "Json" leaves everything empty, "Upper" takes
// only strings, "Shout" upper-cases strings, literals included, and rejects the rest.
const named_type& scalar(std::string_view name) {
  static const auto s = [] {
    schema_builder b;
    b.scalar("Json", "Any JSON.", {});
    b.scalar("Upper", "A string.", {{}, [](const value& v) { return v.is_string() ? std::optional<value>(v) : std::nullopt; }, {}});
    auto shout_literal = [](const ast_value& v, const boost::json::object*) -> scalar_behaviour::literal_result {
      if (v.what == ast_value::kind::string) return *shout(value(v.text));
      return core::failure{std::string("Shout takes a string.")};
    };
    b.scalar("Shout", "Loud.", {{}, shout, shout_literal});
    b.object("Query", "Root.", {{"x", "Int", "", {}}});
    b.roots("Query");
    return b.build();
  }();
  return *s->find_type(name);
}

// A literal as the parser reads it: the argument of `{ f(a: …) }`. Not copied or moved: the
// document points into `text`.
class literal {
public:
  explicit literal(std::string_view source) : text_("{ f(a: " + std::string(source) + ") }"), doc_(parse(text_).value()) {}
  literal(const literal&) = delete;
  const ast_value& get() const { return std::get<field>(doc_.operations.at(0).selections.items.at(0).node).args.at(0).value; }

private:
  std::string text_;
  document doc_;
};

// parse_literal's value as JSON, or its error prefixed with "error: ".
std::string parse_literal(std::string_view type, std::string_view source, const boost::json::object* vars = nullptr) {
  const literal l(source);
  const auto r = scalar(type).scalar.parse_literal(l.get(), vars);
  return r ? boost::json::serialize(r.value()) : "error: " + r.error();
}

// parse_value's value as JSON, or "rejected".
std::string parse_value(std::string_view type, std::string_view json) {
  const auto r = scalar(type).scalar.parse_value(boost::json::parse(json));
  return r ? boost::json::serialize(*r) : "rejected";
}

using cases = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// Each literal (source → parse_literal's value or error) and each variable value (JSON →
// parse_value's value or "rejected") of `type`.
void expect_parsed(std::string_view type, cases literals, cases values) {
  for (const auto& [source, want] : literals) EXPECT_EQ(parse_literal(type, source), want) << type << " literal " << source;
  for (const auto& [json, want] : values) EXPECT_EQ(parse_value(type, json), want) << type << " value " << json;
}

TEST(scalars, int_is_a_32_bit_integer) {
  expect_parsed("Int",
                {{"42", "42"},
                 {"-2147483648", "-2147483648"},
                 {"2147483647", "2147483647"},
                 {"2147483648", "error: Int cannot represent non 32-bit signed integer value: 2147483648"},
                 {"-2147483649", "error: Int cannot represent non 32-bit signed integer value: -2147483649"},
                 {"123456789012345678901234567890", "error: Int cannot represent non 32-bit signed integer value: 123456789012345678901234567890"},
                 {"1.5", "error: Int cannot represent non-integer value: 1.5"},
                 {R"("1")", R"(error: Int cannot represent non-integer value: "1")"},
                 {"[1]", "error: Int cannot represent non-integer value: [1]"}},
                {{"7", "7"}, {"-2147483648", "-2147483648"}, {"3.0", "3"}, {"2147483648", "rejected"}, {"3.5", "rejected"},
                 {"true", "rejected"}, {R"("3")", "rejected"}});
}

TEST(scalars, float_is_a_finite_number_and_takes_an_int_literal) {
  expect_parsed("Float",
                {{"2", "2E0"},
                 {"-1.5e3", "-1.5E3"},
                 {"1e400", "error: Float cannot represent non numeric value: 1e400"},
                 {R"("1.5")", R"(error: Float cannot represent non numeric value: "1.5")"},
                 {"true", "error: Float cannot represent non numeric value: true"}},
                {{"2", "2E0"}, {"0.25", "2.5E-1"}, {"false", "rejected"}, {R"("2")", "rejected"}});
}

TEST(scalars, string_is_a_string_only) {
  expect_parsed("String",
                {{R"("a\nb")", R"("a\nb")"},
                 {R"("""block""")", R"("block")"},
                 {"1", "error: String cannot represent a non string value: 1"},
                 {"RED", "error: String cannot represent a non string value: RED"}},
                {{R"("x")", R"("x")"}, {"1", "rejected"}, {"true", "rejected"}});
}

TEST(scalars, boolean_is_true_or_false_only) {
  expect_parsed("Boolean",
                {{"true", "true"},
                 {"false", "false"},
                 {"1", "error: Boolean cannot represent a non boolean value: 1"},
                 {R"("true")", R"(error: Boolean cannot represent a non boolean value: "true")"}},
                {{"false", "false"}, {"0", "rejected"}, {R"("true")", "rejected"}});
}

TEST(scalars, id_takes_a_string_or_an_integer_as_a_string) {
  expect_parsed("ID",
                {{R"("q-1")", R"("q-1")"},
                 {"-42", R"("-42")"},
                 {"1.5", "error: ID cannot represent a non-string and non-integer value: 1.5"},
                 {"true", "error: ID cannot represent a non-string and non-integer value: true"}},
                {{R"("q-1")", R"("q-1")"}, {"7", R"("7")"}, {"1.5", "rejected"}, {"true", "rejected"}});
}

TEST(scalars, a_custom_scalar_reads_a_literal_as_json_and_hands_it_to_parse_value) {
  const boost::json::object vars{{"v", "from a variable"}};
  EXPECT_EQ(parse_literal("Json", R"({a: [1, 2.5, "x", RED, null], b: $v})", &vars),
            R"({"a":[1,2.5E0,"x","RED",null],"b":"from a variable"})");
  EXPECT_EQ(parse_value("Json", R"({"a":1})"), R"({"a":1})");
  EXPECT_EQ(scalar("Json").scalar.serialize(value(3)), value(3));
  EXPECT_EQ(parse_literal("Upper", R"("x")"), R"("x")");
  EXPECT_EQ(parse_literal("Upper", "[1]"), R"(error: Expected value of type "Upper", found [1].)");
}

// The coercion walks leave leaves to the scalar: literals, validation and variables alike.
TEST(scalars, the_coercion_walks_call_the_scalars_own_functions) {
  auto shout_type = std::make_shared<type_ref>();
  shout_type->named = &scalar("Shout");
  type_ref list;
  list.wrapper = type_kind::list;
  list.of = shout_type;
  const literal good(R"(["a", "b"])");
  value out;
  EXPECT_EQ(value_from_ast(list, good.get(), nullptr, out), literal_outcome::value);
  EXPECT_EQ(boost::json::serialize(out), R"(["A","B"])");
  offset where = 0;
  EXPECT_EQ(literal_problem(list, good.get(), where), "");
  const literal bad(R"(["a", 1])");
  EXPECT_EQ(value_from_ast(list, bad.get(), nullptr, out), literal_outcome::invalid);
  EXPECT_EQ(literal_problem(list, bad.get(), where), "Shout takes a string.");
  EXPECT_EQ(where, bad.get().items[1].at);
  std::string why;
  EXPECT_TRUE(coerce_input_value(list, boost::json::parse(R"(["c"])"), out, why));
  EXPECT_EQ(boost::json::serialize(out), R"(["C"])");
  EXPECT_FALSE(coerce_input_value(list, boost::json::parse("[2]"), out, why));
  EXPECT_EQ(why, R"(Shout cannot represent value: 2 at "[0]".)");
}

}  // namespace
}  // namespace wmpulse::graphql
