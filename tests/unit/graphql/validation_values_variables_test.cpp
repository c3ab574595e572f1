// The validation examples of the GraphQL specification (October 2021, section 5), by their
// numbers: https://spec.graphql.org/October2021/ — example_N must validate, counter_example_N
// must fail with exactly the errors graphql-js 16 reports (message and locations).
#include <gtest/gtest.h>

#include "unit/graphql/validation_test_support.hpp"

namespace wmpulse::graphql {
namespace {

using testing::expect_errors;
using testing::expect_valid;

TEST(validation, example_157) {
  expect_valid(R"gql(fragment goodBooleanArg on Arguments {
  booleanArgField(booleanArg: true)
}

fragment coercedIntIntoFloatArg on Arguments {
  # Note: The input coercion rules for Float allow Int literals.
  floatArgField(floatArg: 123)
}

query goodComplexDefaultValue($search: ComplexInput = { name: "Fido" }) {
  findDog(complex: $search) {
    name
  }
  arguments {
    ...goodBooleanArg
    ...coercedIntIntoFloatArg
  }
})gql");
}

TEST(validation, counter_example_158) {
  expect_errors(R"gql(fragment stringIntoInt on Arguments {
  intArgField(intArg: "123")
}

query badComplexValue {
  findDog(complex: { name: 123 }) {
    name
  }
})gql",
                {
      {"Int cannot represent non-integer value: \"123\"", {{2, 23}}},
      {"String cannot represent a non string value: 123", {{6, 28}}},
      {"Fragment \"stringIntoInt\" is never used.", {{1, 1}}}
                });
}

TEST(validation, example_159) {
  expect_valid(R"gql({
  findDog(complex: { name: "Fido" }) {
    name
  }
})gql");
}

TEST(validation, counter_example_160) {
  expect_errors(R"gql({
  findDog(complex: { favoriteCookieFlavor: "Bacon" }) {
    name
  }
})gql",
                {
      {"Field \"favoriteCookieFlavor\" is not defined by type \"ComplexInput\".", {{2, 22}}}
                });
}

TEST(validation, counter_example_161) {
  expect_errors(R"gql({
  findDog(complex: { name: "Fido", name: "Fido" }) {
    name
  }
})gql",
                {
      {"There can be only one input field named \"name\".", {{2, 22}, {2, 36}}}
                });
}

TEST(validation, counter_example_162) {
  expect_errors(R"gql(query @skip(if: $foo) {
  dog {
    name
  }
})gql",
                {
      {"Directive \"@skip\" may not be used on QUERY.", {{1, 7}}},
      {"Variable \"$foo\" is not defined.", {{1, 17}, {1, 1}}}
                });
}

TEST(validation, counter_example_163) {
  expect_errors(R"gql(query ($foo: Boolean = true, $bar: Boolean = false) {
  dog @skip(if: $foo) @skip(if: $bar) {
    name
  }
})gql",
                {
      {"The directive \"@skip\" can only be used once at this location.", {{2, 7}, {2, 23}}}
                });
}

TEST(validation, example_164) {
  expect_valid(R"gql(query ($foo: Boolean = true, $bar: Boolean = false) {
  dog @skip(if: $foo) {
    name
  }
  dog @skip(if: $bar) {
    nickname
  }
})gql");
}

TEST(validation, counter_example_165) {
  expect_errors(R"gql(query houseTrainedQuery($atOtherHomes: Boolean, $atOtherHomes: Boolean) {
  dog {
    isHousetrained(atOtherHomes: $atOtherHomes)
  }
})gql",
                {
      {"There can be only one variable named \"$atOtherHomes\".", {{1, 26}, {1, 50}}}
                });
}

TEST(validation, example_166) {
  expect_valid(R"gql(query A($atOtherHomes: Boolean) {
  ...HouseTrainedFragment
}

query B($atOtherHomes: Boolean) {
  ...HouseTrainedFragment
}

fragment HouseTrainedFragment on Query {
  dog {
    isHousetrained(atOtherHomes: $atOtherHomes)
  }
})gql");
}

TEST(validation, example_167) {
  expect_valid(R"gql(query takesComplexInput($complexInput: ComplexInput) {
  findDog(complex: $complexInput) {
    name
  }
})gql");
}

TEST(validation, example_168) {
  expect_valid(R"gql(query takesBoolean($atOtherHomes: Boolean) {
  dog {
    isHousetrained(atOtherHomes: $atOtherHomes)
  }
}

query takesComplexInput($complexInput: ComplexInput) {
  findDog(complex: $complexInput) {
    name
  }
}

query TakesListOfBooleanBang($booleans: [Boolean!]) {
  booleanList(booleanListArg: $booleans)
})gql");
}

TEST(validation, counter_example_169) {
  expect_errors(R"gql(query takesCat($cat: Cat) {
  dog {
    name
  }
}

query takesDogBang($dog: Dog!) {
  dog {
    name
  }
}

query takesListOfPet($pets: [Pet]) {
  dog {
    name
  }
}

query takesCatOrDog($catOrDog: CatOrDog) {
  dog {
    name
  }
})gql",
                {
      {"Variable \"$cat\" cannot be non-input type \"Cat\".", {{1, 22}}},
      {"Variable \"$cat\" is never used in operation \"takesCat\".", {{1, 16}}},
      {"Variable \"$dog\" cannot be non-input type \"Dog!\".", {{7, 26}}},
      {"Variable \"$dog\" is never used in operation \"takesDogBang\".", {{7, 20}}},
      {"Variable \"$pets\" cannot be non-input type \"[Pet]\".", {{13, 29}}},
      {"Variable \"$pets\" is never used in operation \"takesListOfPet\".", {{13, 22}}},
      {"Variable \"$catOrDog\" cannot be non-input type \"CatOrDog\".", {{19, 32}}},
      {"Variable \"$catOrDog\" is never used in operation \"takesCatOrDog\".", {{19, 21}}}
                });
}

TEST(validation, example_170) {
  expect_valid(R"gql(query variableIsDefined($atOtherHomes: Boolean) {
  dog {
    isHousetrained(atOtherHomes: $atOtherHomes)
  }
})gql");
}

TEST(validation, counter_example_171) {
  expect_errors(R"gql(query variableIsNotDefined {
  dog {
    isHousetrained(atOtherHomes: $atOtherHomes)
  }
})gql",
                {
      {"Variable \"$atOtherHomes\" is not defined by operation \"variableIsNotDefined\".", {{3, 34}, {1, 1}}}
                });
}

TEST(validation, example_172) {
  expect_valid(R"gql(query variableIsDefinedUsedInSingleFragment($atOtherHomes: Boolean) {
  dog {
    ...isHousetrainedFragment
  }
}

fragment isHousetrainedFragment on Dog {
  isHousetrained(atOtherHomes: $atOtherHomes)
})gql");
}

TEST(validation, counter_example_173) {
  expect_errors(R"gql(query variableIsNotDefinedUsedInSingleFragment {
  dog {
    ...isHousetrainedFragment
  }
}

fragment isHousetrainedFragment on Dog {
  isHousetrained(atOtherHomes: $atOtherHomes)
})gql",
                {
      {"Variable \"$atOtherHomes\" is not defined by operation \"variableIsNotDefinedUsedInSingleFragment\".", {{8, 32}, {1, 1}}}
                });
}

TEST(validation, counter_example_174) {
  expect_errors(R"gql(query variableIsNotDefinedUsedInNestedFragment {
  dog {
    ...outerHousetrainedFragment
  }
}

fragment outerHousetrainedFragment on Dog {
  ...isHousetrainedFragment
}

fragment isHousetrainedFragment on Dog {
  isHousetrained(atOtherHomes: $atOtherHomes)
})gql",
                {
      {"Variable \"$atOtherHomes\" is not defined by operation \"variableIsNotDefinedUsedInNestedFragment\".", {{12, 32}, {1, 1}}}
                });
}

TEST(validation, example_175) {
  expect_valid(R"gql(query housetrainedQueryOne($atOtherHomes: Boolean) {
  dog {
    ...isHousetrainedFragment
  }
}

query housetrainedQueryTwo($atOtherHomes: Boolean) {
  dog {
    ...isHousetrainedFragment
  }
}

fragment isHousetrainedFragment on Dog {
  isHousetrained(atOtherHomes: $atOtherHomes)
})gql");
}

TEST(validation, counter_example_176) {
  expect_errors(R"gql(query housetrainedQueryOne($atOtherHomes: Boolean) {
  dog {
    ...isHousetrainedFragment
  }
}

query housetrainedQueryTwoNotDefined {
  dog {
    ...isHousetrainedFragment
  }
}

fragment isHousetrainedFragment on Dog {
  isHousetrained(atOtherHomes: $atOtherHomes)
})gql",
                {
      {"Variable \"$atOtherHomes\" is not defined by operation \"housetrainedQueryTwoNotDefined\".", {{14, 32}, {7, 1}}}
                });
}

TEST(validation, counter_example_177) {
  expect_errors(R"gql(query variableUnused($atOtherHomes: Boolean) {
  dog {
    isHousetrained
  }
})gql",
                {
      {"Variable \"$atOtherHomes\" is never used in operation \"variableUnused\".", {{1, 22}}}
                });
}

TEST(validation, example_178) {
  expect_valid(R"gql(query variableUsedInFragment($atOtherHomes: Boolean) {
  dog {
    ...isHousetrainedFragment
  }
}

fragment isHousetrainedFragment on Dog {
  isHousetrained(atOtherHomes: $atOtherHomes)
})gql");
}

TEST(validation, counter_example_179) {
  expect_errors(R"gql(query variableNotUsedWithinFragment($atOtherHomes: Boolean) {
  dog {
    ...isHousetrainedWithoutVariableFragment
  }
}

fragment isHousetrainedWithoutVariableFragment on Dog {
  isHousetrained
})gql",
                {
      {"Variable \"$atOtherHomes\" is never used in operation \"variableNotUsedWithinFragment\".", {{1, 37}}}
                });
}

TEST(validation, counter_example_180) {
  expect_errors(R"gql(query queryWithUsedVar($atOtherHomes: Boolean) {
  dog {
    ...isHousetrainedFragment
  }
}

query queryWithExtraVar($atOtherHomes: Boolean, $extra: Int) {
  dog {
    ...isHousetrainedFragment
  }
}

fragment isHousetrainedFragment on Dog {
  isHousetrained(atOtherHomes: $atOtherHomes)
})gql",
                {
      {"Variable \"$extra\" is never used in operation \"queryWithExtraVar\".", {{7, 49}}}
                });
}

TEST(validation, counter_example_181) {
  expect_errors(R"gql(query intCannotGoIntoBoolean($intArg: Int) {
  arguments {
    booleanArgField(booleanArg: $intArg)
  }
})gql",
                {
      {"Variable \"$intArg\" of type \"Int\" used in position expecting type \"Boolean\".", {{1, 30}, {3, 33}}}
                });
}

TEST(validation, counter_example_182) {
  expect_errors(R"gql(query booleanListCannotGoIntoBoolean($booleanListArg: [Boolean]) {
  arguments {
    booleanArgField(booleanArg: $booleanListArg)
  }
})gql",
                {
      {"Variable \"$booleanListArg\" of type \"[Boolean]\" used in position expecting type \"Boolean\".", {{1, 38}, {3, 33}}}
                });
}

TEST(validation, counter_example_183) {
  expect_errors(R"gql(query booleanArgQuery($booleanArg: Boolean) {
  arguments {
    nonNullBooleanArgField(nonNullBooleanArg: $booleanArg)
  }
})gql",
                {
      {"Variable \"$booleanArg\" of type \"Boolean\" used in position expecting type \"Boolean!\".", {{1, 23}, {3, 47}}}
                });
}

TEST(validation, example_184) {
  expect_valid(R"gql(query nonNullListToList($nonNullBooleanList: [Boolean]!) {
  arguments {
    booleanListArgField(booleanListArg: $nonNullBooleanList)
  }
})gql");
}

TEST(validation, counter_example_185) {
  expect_errors(R"gql(query listToNonNullList($booleanList: [Boolean]) {
  arguments {
    nonNullBooleanListField(nonNullBooleanListArg: $booleanList)
  }
})gql",
                {
      {"Variable \"$booleanList\" of type \"[Boolean]\" used in position expecting type \"[Boolean]!\".", {{1, 25}, {3, 52}}}
                });
}

TEST(validation, example_186) {
  expect_valid(R"gql(query booleanArgQueryWithDefault($booleanArg: Boolean) {
  arguments {
    optionalNonNullBooleanArgField(optionalBooleanArg: $booleanArg)
  }
})gql");
}

TEST(validation, example_187) {
  expect_valid(R"gql(query booleanArgQueryWithDefault($booleanArg: Boolean = true) {
  arguments {
    nonNullBooleanArgField(nonNullBooleanArg: $booleanArg)
  }
})gql");
}

}  // namespace
}  // namespace wmpulse::graphql
