// The validation examples of the GraphQL specification (October 2021, section 5), by their
// numbers: https://spec.graphql.org/October2021/ — example_N must validate, counter_example_N
// must fail with exactly the errors graphql-js 16 reports (message and locations).
#include <gtest/gtest.h>

#include "unit/graphql/validation_test_support.hpp"

namespace wmpulse::graphql {
namespace {

using testing::expect_errors;
using testing::expect_valid;

TEST(validation, example_131) {
  expect_valid(R"gql(query {
  arguments {
    multipleReqs(x: 1, y: 2)
  }
})gql");
}

TEST(validation, example_132) {
  expect_valid(R"gql(fragment multipleArgs on Arguments {
  multipleReqs(x: 1, y: 2)
}

fragment multipleArgsReverseOrder on Arguments {
  multipleReqs(y: 2, x: 1)
}

query q1 {
  arguments {
    ...multipleArgs
  }
}

query q2 {
  arguments {
    ...multipleArgsReverseOrder
  }
})gql");
}

TEST(validation, example_133) {
  expect_valid(R"gql(fragment goodBooleanArg on Arguments {
  booleanArgField(booleanArg: true)
}

fragment goodNonNullArg on Arguments {
  nonNullBooleanArgField(nonNullBooleanArg: true)
}

query {
  arguments {
    ...goodBooleanArg
    ...goodNonNullArg
  }
})gql");
}

TEST(validation, example_134) {
  expect_valid(R"gql(fragment goodBooleanArgDefault on Arguments {
  booleanArgField
}

query {
  arguments {
    ...goodBooleanArgDefault
  }
})gql");
}

TEST(validation, counter_example_135) {
  expect_errors(R"gql(fragment missingRequiredArg on Arguments {
  nonNullBooleanArgField
})gql",
                {
      {"Field \"nonNullBooleanArgField\" argument \"nonNullBooleanArg\" of type \"Boolean!\" is required, but it was not provided.", {{2, 3}}},
      {"Fragment \"missingRequiredArg\" is never used.", {{1, 1}}}
                });
}

TEST(validation, counter_example_136) {
  expect_errors(R"gql(fragment missingRequiredArg on Arguments {
  nonNullBooleanArgField(nonNullBooleanArg: null)
})gql",
                {
      {"Expected value of type \"Boolean!\", found null.", {{2, 45}}},
      {"Fragment \"missingRequiredArg\" is never used.", {{1, 1}}}
                });
}

TEST(validation, example_137) {
  expect_valid(R"gql({
  dog {
    ...fragmentOne
    ...fragmentTwo
  }
}

fragment fragmentOne on Dog {
  name
}

fragment fragmentTwo on Dog {
  owner {
    name
  }
})gql");
}

TEST(validation, counter_example_138) {
  expect_errors(R"gql({
  dog {
    ...fragmentOne
  }
}

fragment fragmentOne on Dog {
  name
}

fragment fragmentOne on Dog {
  owner {
    name
  }
})gql",
                {
      {"There can be only one fragment named \"fragmentOne\".", {{7, 10}, {11, 10}}}
                });
}

TEST(validation, example_139) {
  expect_valid(R"gql(fragment correctType on Dog {
  name
}

fragment inlineFragment on Dog {
  ... on Dog {
    name
  }
}

fragment inlineFragment2 on Dog {
  ... @include(if: true) {
    name
  }
}

query {
  dog {
    ...correctType
    ...inlineFragment
    ...inlineFragment2
  }
})gql");
}

TEST(validation, counter_example_140) {
  expect_errors(R"gql(fragment notOnExistingType on NotInSchema {
  name
}

fragment inlineNotExistingType on Dog {
  ... on NotInSchema {
    name
  }
})gql",
                {
      {"Unknown type \"NotInSchema\". Did you mean \"__Schema\"?", {{1, 31}}},
      {"Unknown type \"NotInSchema\". Did you mean \"__Schema\"?", {{6, 10}}},
      {"Fragment \"notOnExistingType\" is never used.", {{1, 1}}},
      {"Fragment \"inlineNotExistingType\" is never used.", {{5, 1}}}
                });
}

TEST(validation, example_141) {
  expect_valid(R"gql(fragment fragOnObject on Dog {
  name
}

fragment fragOnInterface on Pet {
  name
}

fragment fragOnUnion on CatOrDog {
  ... on Dog {
    name
  }
}

query {
  dog {
    ...fragOnObject
    ...fragOnInterface
    ...fragOnUnion
  }
})gql");
}

TEST(validation, counter_example_142) {
  expect_errors(R"gql(fragment fragOnScalar on Int {
  something
}

fragment inlineFragOnScalar on Dog {
  ... on Boolean {
    somethingElse
  }
})gql",
                {
      {"Fragment \"fragOnScalar\" cannot condition on non composite type \"Int\".", {{1, 26}}},
      {"Fragment cannot condition on non composite type \"Boolean\".", {{6, 10}}},
      {"Fragment \"fragOnScalar\" is never used.", {{1, 1}}},
      {"Fragment \"inlineFragOnScalar\" is never used.", {{5, 1}}}
                });
}

TEST(validation, counter_example_143) {
  expect_errors(R"gql(fragment nameFragment on Dog { # unused
  name
}

{
  dog {
    name
  }
})gql",
                {
      {"Fragment \"nameFragment\" is never used.", {{1, 1}}}
                });
}

TEST(validation, counter_example_144) {
  expect_errors(R"gql({
  dog {
    ...undefinedFragment
  }
})gql",
                {
      {"Unknown fragment \"undefinedFragment\".", {{3, 8}}}
                });
}

TEST(validation, counter_example_145) {
  expect_errors(R"gql({
  dog {
    ...nameFragment
  }
}

fragment nameFragment on Dog {
  name
  ...barkVolumeFragment
}

fragment barkVolumeFragment on Dog {
  barkVolume
  ...nameFragment
})gql",
                {
      {"Cannot spread fragment \"nameFragment\" within itself via \"barkVolumeFragment\".", {{9, 3}, {14, 3}}}
                });
}

TEST(validation, example_146) {
  expect_valid(R"gql({
  dog {
    name
    barkVolume
    name
    barkVolume
    name
    barkVolume
    name
    # forever...
  }
})gql");
}

TEST(validation, counter_example_147) {
  expect_errors(R"gql({
  dog {
    ...dogFragment
  }
}

fragment dogFragment on Dog {
  name
  owner {
    ...ownerFragment
  }
}

fragment ownerFragment on Human {
  name
  pets {
    ...dogFragment
  }
})gql",
                {
      {"Cannot spread fragment \"dogFragment\" within itself via \"ownerFragment\".", {{10, 5}, {17, 5}}}
                });
}

TEST(validation, example_148) {
  expect_valid(R"gql(fragment dogFragment on Dog {
  ... on Dog {
    barkVolume
  }
}

query {
  dog {
    ...dogFragment
  }
})gql");
}

TEST(validation, counter_example_149) {
  expect_errors(R"gql(fragment catInDogFragmentInvalid on Dog {
  ... on Cat {
    meowVolume
  }
})gql",
                {
      {"Fragment cannot be spread here as objects of type \"Dog\" can never be of type \"Cat\".", {{2, 3}}},
      {"Fragment \"catInDogFragmentInvalid\" is never used.", {{1, 1}}}
                });
}

TEST(validation, example_150) {
  expect_valid(R"gql(fragment petNameFragment on Pet {
  name
}

fragment interfaceWithinObjectFragment on Dog {
  ...petNameFragment
}

query {
  dog {
    ...interfaceWithinObjectFragment
  }
})gql");
}

TEST(validation, example_151) {
  expect_valid(R"gql(fragment catOrDogNameFragment on CatOrDog {
  ... on Cat {
    meowVolume
  }
}

fragment unionWithObjectFragment on Dog {
  ...catOrDogNameFragment
}

query {
  dog {
    ...unionWithObjectFragment
  }
})gql");
}

TEST(validation, example_152) {
  expect_valid(R"gql(fragment petFragment on Pet {
  name
  ... on Dog {
    barkVolume
  }
}

fragment catOrDogFragment on CatOrDog {
  ... on Cat {
    meowVolume
  }
}

query {
  dog {
    ...petFragment
    ...catOrDogFragment
  }
})gql");
}

TEST(validation, counter_example_153) {
  expect_errors(R"gql(fragment sentientFragment on Sentient {
  ... on Dog {
    barkVolume
  }
}

fragment humanOrAlienFragment on HumanOrAlien {
  ... on Cat {
    meowVolume
  }
})gql",
                {
      {"Fragment cannot be spread here as objects of type \"Sentient\" can never be of type \"Dog\".", {{2, 3}}},
      {"Fragment cannot be spread here as objects of type \"HumanOrAlien\" can never be of type \"Cat\".", {{8, 3}}},
      {"Fragment \"sentientFragment\" is never used.", {{1, 1}}},
      {"Fragment \"humanOrAlienFragment\" is never used.", {{7, 1}}}
                });
}

TEST(validation, example_154) {
  expect_valid(R"gql(fragment unionWithInterface on Pet {
  ...dogOrHumanFragment
}

fragment dogOrHumanFragment on DogOrHuman {
  ... on Dog {
    barkVolume
  }
}

query {
  dog {
    ...unionWithInterface
  }
})gql");
}

TEST(validation, counter_example_155) {
  expect_errors(R"gql(fragment nonIntersectingInterfaces on Pet {
  ...sentientFragment
}

fragment sentientFragment on Sentient {
  name
})gql",
                {
      {"Fragment \"sentientFragment\" cannot be spread here as objects of type \"Pet\" can never be of type \"Sentient\".", {{2, 3}}},
      {"Fragment \"nonIntersectingInterfaces\" is never used.", {{1, 1}}},
      {"Fragment \"sentientFragment\" is never used.", {{5, 1}}}
                });
}

TEST(validation, example_156) {
  expect_valid(R"gql(fragment interfaceWithInterface on Node {
  ...resourceFragment
}

fragment resourceFragment on Resource {
  url
}

query {
  resource {
    ...interfaceWithInterface
  }
})gql");
}

}  // namespace
}  // namespace wmpulse::graphql
