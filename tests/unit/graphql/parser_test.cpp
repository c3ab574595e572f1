// Lexer and parser: values, block strings, escapes, and syntax errors located exactly where
// graphql-js 16 puts them (expected messages and positions taken from graphql-js).
#include <gtest/gtest.h>

#include <cctype>
#include <ostream>
#include <string>

#include "graphql/parser.hpp"

namespace wmpulse::graphql {
namespace {

struct syntax_case {
  std::string_view text;
  std::string_view message;
  int line, column;
};

// What gtest prints for the parameter: the document and the error expected at its place.
void PrintTo(const syntax_case& c, std::ostream* os) {
  *os << ::testing::PrintToString(std::string(c.text)) << " -> " << c.message << " at " << c.line << ':' << c.column;
}

// A test name from the expected message: "Expected Name, found <EOF>." → Expected_Name_found_EOF_3
// (the index keeps names unique where two cases expect the same message).
std::string syntax_case_name(const ::testing::TestParamInfo<syntax_case>& info) {
  std::string_view message = info.param.message;
  if (message.starts_with("Syntax Error: ")) message.remove_prefix(14);
  std::string name;
  for (char ch : message.substr(0, 40)) {
    const bool word = std::isalnum(static_cast<unsigned char>(ch)) != 0;
    if (word) name += ch;
    else if (!name.empty() && name.back() != '_') name += '_';
  }
  if (!name.empty() && name.back() != '_') name += '_';
  return name + std::to_string(info.index);
}

TEST(syntax_case, prints_as_document_and_expected_error) {
  EXPECT_EQ(::testing::PrintToString(syntax_case{"{ a", "Syntax Error: Expected Name, found <EOF>.", 1, 4}),
            "\"{ a\" -> Syntax Error: Expected Name, found <EOF>. at 1:4");
  EXPECT_EQ(syntax_case_name({syntax_case{"{ a", "Syntax Error: Expected Name, found <EOF>.", 1, 4}, 3}),
            "Expected_Name_found_EOF_3");
}

class syntax_errors : public ::testing::TestWithParam<syntax_case> {};

TEST_P(syntax_errors, located_as_graphql_js_does) {
  const auto& c = GetParam();
  auto doc = parse(c.text);
  ASSERT_FALSE(doc.ok()) << c.text;
  EXPECT_EQ(doc.error().message, c.message);
  ASSERT_EQ(doc.error().at.size(), 1u);
  EXPECT_EQ(source_map(c.text).line_column(doc.error().at[0]), std::make_pair(c.line, c.column));
}

INSTANTIATE_TEST_SUITE_P(
    parser, syntax_errors,
    ::testing::Values(
        syntax_case{"{ a", "Syntax Error: Expected Name, found <EOF>.", 1, 4},
        syntax_case{"{ a: b: c }", "Syntax Error: Expected Name, found \":\".", 1, 7},
        syntax_case{"query", "Syntax Error: Expected \"{\", found <EOF>.", 1, 6},
        syntax_case{"{ a } }", "Syntax Error: Unexpected \"}\".", 1, 7},
        syntax_case{"{ a(x: \"abc) }", "Syntax Error: Unterminated string.", 1, 15},
        syntax_case{"{ a(x: \"\"\"abc) }", "Syntax Error: Unterminated string.", 1, 17},
        syntax_case{"{\n\t\ta )\n}", "Syntax Error: Expected Name, found \")\".", 2, 5},
        syntax_case{"{ a(x: 01) }", "Syntax Error: Invalid number, unexpected digit after 0: \"1\".", 1, 9},
        syntax_case{"{ a(x: 1.) }", "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 10},
        syntax_case{"{ a(x: 1e) }", "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 10},
        syntax_case{"{ a(x: 1x) }", "Syntax Error: Invalid number, expected digit but got: \"x\".", 1, 9},
        syntax_case{"{ a(x: \"\\q\") }", "Syntax Error: Invalid character escape sequence: \"\\q\".", 1, 9},
        syntax_case{"{ a(x: \"\\u12G4\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\u12G4\".", 1, 9},
        syntax_case{"{ a ? }", "Syntax Error: Unexpected character: \"?\".", 1, 5},
        syntax_case{"{ a(x: 'y') }", "Syntax Error: Unexpected single quote character ('), did you mean to use a double quote (\")?", 1, 8},
        syntax_case{"fragment on on T { a }", "Syntax Error: Unexpected Name \"on\".", 1, 10},
        syntax_case{"query Q($v: Int = $w) { a }", "Syntax Error: Unexpected variable \"$w\" in constant value.", 1, 19},
        syntax_case{"{ a(x: \"caf\xc3\xa9\" y: ?) }", "Syntax Error: Unexpected character: \"?\".", 1, 18},
        syntax_case{"# \xf0\x9f\x98\x80\xf0\x9f\x98\x80\n{ a(x: \"\xf0\x9f\x98\x80\", ?) }", "Syntax Error: Unexpected character: \"?\".", 2, 14},
        syntax_case{"{ a(x: \"line\nbreak\") }", "Syntax Error: Unterminated string.", 1, 13},
        syntax_case{"{}", "Syntax Error: Expected Name, found \"}\".", 1, 2},
        syntax_case{"{ ... }", "Syntax Error: Expected \"{\", found \"}\".", 1, 7},
        syntax_case{"{ a(x: \"\\u{110000}\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\u{110000}\".", 1, 9},
        syntax_case{"", "Syntax Error: Unexpected <EOF>.", 1, 1},
        syntax_case{"{ a }\r\n\r\n}", "Syntax Error: Unexpected \"}\".", 3, 1}),
    syntax_case_name);

const ast_value& first_argument(const document& doc) {
  return std::get<field>(doc.operations.at(0).selections.items.at(0).node).args.at(0).value;
}

TEST(parser, block_string_is_dedented_and_trimmed) {
  auto doc = parse("{ a(x: \"\"\"\n\n    hello\n      world\n    \\\"\"\" done\n\n  \"\"\") }");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(first_argument(doc.value()).text, "hello\n  world\n\"\"\" done");
}

TEST(parser, unicode_escapes_fixed_variable_and_surrogate_pairs) {
  auto doc = parse(R"({ a(x: "\u0041\u{1F600}\uD83D\uDE00\n\"") })");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(first_argument(doc.value()).text, "A\xf0\x9f\x98\x80\xf0\x9f\x98\x80\n\"");
}

TEST(parser, values_of_every_kind) {
  auto doc = parse(R"(query Q($v: [Int!]! = [1]) { a(x: [1, -2.5e3, "s", true, null, RED, {k: $v}]) @skip(if: false) })");
  ASSERT_TRUE(doc.ok());
  const auto& op = doc.value().operations.at(0);
  EXPECT_EQ(op.name, "Q");
  EXPECT_EQ(op.variables.at(0).type->to_string(), "[Int!]!");
  const auto& list = first_argument(doc.value());
  ASSERT_EQ(list.items.size(), 7u);
  EXPECT_EQ(list.items[0].what, ast_value::kind::int_);
  EXPECT_EQ(list.items[1].raw, "-2.5e3");
  EXPECT_EQ(list.items[2].text, "s");
  EXPECT_TRUE(list.items[3].boolean);
  EXPECT_EQ(list.items[4].what, ast_value::kind::null);
  EXPECT_EQ(list.items[5].what, ast_value::kind::enum_);
  EXPECT_EQ(list.items[6].fields.at(0).value.what, ast_value::kind::variable);
}

TEST(parser, fragments_aliases_and_directives) {
  auto doc = parse("query { x: a ...F ... on T @include(if: true) { b } ... { c } } fragment F on T { d }");
  ASSERT_TRUE(doc.ok());
  const auto& items = doc.value().operations.at(0).selections.items;
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(std::get<field>(items[0].node).alias, "x");
  EXPECT_EQ(std::get<fragment_spread>(items[1].node).name, "F");
  EXPECT_EQ(std::get<inline_fragment>(items[2].node).type_condition, "T");
  EXPECT_EQ(std::get<inline_fragment>(items[3].node).type_condition, "");
  EXPECT_EQ(doc.value().fragments.at(0).type_condition, "T");
}

TEST(parser, type_system_definitions_are_kept_to_be_reported) {
  auto doc = parse("{ a } type Dog { name: String } extend type Cat { x: Int } schema { query: Q }");
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(doc.value().foreign.size(), 3u);
  EXPECT_EQ(doc.value().foreign[0].name, "Dog");
  EXPECT_EQ(doc.value().foreign[1].name, "Cat");
  EXPECT_EQ(doc.value().foreign[2].name, "schema");
}

TEST(parser, token_limit_stops_parsing) {
  auto doc = parse("{ a b c d e f }", parse_limits{5, 64});
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.error().message.find("more than 5 tokens"), std::string::npos);
}

TEST(parser, nesting_limit_stops_deep_documents_without_overflow) {
  std::string deep(100000, '[');
  auto doc = parse("{ a(x: " + deep + ") }");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.error().message.find("nesting"), std::string::npos);
}

TEST(parser, invalid_utf8_is_an_error_not_a_crash) {
  auto doc = parse("{ a(x: \"\xff\") }");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.error().message.find("Invalid character within String"), std::string::npos);
}

// Every offset of a text with long lines, CRLF and multi-byte characters gets the line and the
// UTF-16 column that a count from the start of its line gives.
TEST(source_map, columns_match_a_count_from_the_line_start_at_every_offset) {
  std::string text;
  for (int line = 0; line < 5; ++line) {
    for (int i = 0; i < 150; ++i) text += (i % 7 == 0) ? "\xc3\xa9" : (i % 11 == 0) ? "\xf0\x9f\x98\x80" : "x";
    text += line % 2 ? "\r\n" : "\n";
  }
  text += std::string(128 - text.size() % 64, 'y');  // ends on a block boundary
  const source_map map(text);
  int line = 1, column = 1;
  for (std::size_t at = 0; at <= text.size(); ++at) {
    ASSERT_EQ(map.line_column(static_cast<offset>(at)), std::make_pair(line, column)) << "offset " << at;
    if (at == text.size()) break;
    const auto c = static_cast<unsigned char>(text[at]);
    if (c == '\n' || (c == '\r' && (at + 1 == text.size() || text[at + 1] != '\n'))) {
      ++line;
      column = 1;
    } else if ((c & 0xc0) != 0x80) {
      column += c >= 0xf0 ? 2 : 1;
    }
  }
}

}  // namespace
}  // namespace wmpulse::graphql
