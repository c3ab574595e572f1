// The validation examples of the GraphQL specification (October 2021, section 5), by their
// numbers: https://spec.graphql.org/October2021/ — example_N must validate, counter_example_N
// must fail with exactly the errors graphql-js 16 reports (message and locations).
#include <gtest/gtest.h>

#include "unit/graphql/validation_test_support.hpp"

namespace wmpulse::graphql {
namespace {

using testing::expect_errors;
using testing::expect_valid;

TEST(validation, counter_example_102) {
  expect_errors(R"gql(query getDogName {
  dog {
    name
    color
  }
}

extend type Dog {
  color: String
})gql",
                {
      {"The \"Dog\" definition is not executable.", {{8, 1}}},
      {"Cannot query field \"color\" on type \"Dog\".", {{4, 5}}}
                });
}

TEST(validation, example_103) {
  expect_valid(R"gql(query getDogName {
  dog {
    name
  }
}

query getOwnerName {
  dog {
    owner {
      name
    }
  }
})gql");
}

TEST(validation, counter_example_104) {
  expect_errors(R"gql(query getName {
  dog {
    name
  }
}

query getName {
  dog {
    owner {
      name
    }
  }
})gql",
                {
      {"There can be only one operation named \"getName\".", {{1, 7}, {7, 7}}}
                });
}

TEST(validation, counter_example_105) {
  expect_errors(R"gql(query dogOperation {
  dog {
    name
  }
}

mutation dogOperation {
  mutateDog {
    id
  }
})gql",
                {
      {"There can be only one operation named \"dogOperation\".", {{1, 7}, {7, 10}}}
                });
}

TEST(validation, example_106) {
  expect_valid(R"gql({
  dog {
    name
  }
})gql");
}

TEST(validation, counter_example_107) {
  expect_errors(R"gql({
  dog {
    name
  }
}

query getName {
  dog {
    owner {
      name
    }
  }
})gql",
                {
      {"This anonymous operation must be the only defined operation.", {{1, 1}}}
                });
}

TEST(validation, example_108) {
  expect_valid(R"gql(subscription sub {
  newMessage {
    body
    sender
  }
})gql");
}

TEST(validation, example_109) {
  expect_valid(R"gql(subscription sub {
  ...newMessageFields
}

fragment newMessageFields on Subscription {
  newMessage {
    body
    sender
  }
})gql");
}

TEST(validation, counter_example_110) {
  expect_errors(R"gql(subscription sub {
  newMessage {
    body
    sender
  }
  disallowedSecondRootField
})gql",
                {
      {"Subscription \"sub\" must select only one top level field.", {{6, 3}}}
                });
}

TEST(validation, counter_example_111) {
  expect_errors(R"gql(subscription sub {
  ...multipleSubscriptions
}

fragment multipleSubscriptions on Subscription {
  newMessage {
    body
    sender
  }
  disallowedSecondRootField
})gql",
                {
      {"Subscription \"sub\" must select only one top level field.", {{10, 3}}}
                });
}

TEST(validation, counter_example_112) {
  expect_errors(R"gql(subscription sub {
  __typename
})gql",
                {
      {"Subscription \"sub\" must not select an introspection top level field.", {{2, 3}}}
                });
}

TEST(validation, counter_example_113) {
  expect_errors(R"gql(fragment fieldNotDefined on Dog {
  meowVolume
}

fragment aliasedLyingFieldTargetNotDefined on Dog {
  barkVolume: kawVolume
})gql",
                {
      {"Cannot query field \"meowVolume\" on type \"Dog\". Did you mean \"barkVolume\"?", {{2, 3}}},
      {"Cannot query field \"kawVolume\" on type \"Dog\". Did you mean \"barkVolume\"?", {{6, 3}}},
      {"Fragment \"fieldNotDefined\" is never used.", {{1, 1}}},
      {"Fragment \"aliasedLyingFieldTargetNotDefined\" is never used.", {{5, 1}}}
                });
}

TEST(validation, example_114) {
  expect_valid(R"gql(fragment interfaceFieldSelection on Pet {
  name
}

query {
  dog {
    ...interfaceFieldSelection
  }
})gql");
}

TEST(validation, counter_example_115) {
  expect_errors(R"gql(fragment definedOnImplementorsButNotInterface on Pet {
  nickname
})gql",
                {
      {"Cannot query field \"nickname\" on type \"Pet\". Did you mean to use an inline fragment on \"Cat\" or \"Dog\"?", {{2, 3}}},
      {"Fragment \"definedOnImplementorsButNotInterface\" is never used.", {{1, 1}}}
                });
}

TEST(validation, example_116) {
  expect_valid(R"gql(fragment inDirectFieldSelectionOnUnion on CatOrDog {
  __typename
  ... on Pet {
    name
  }
  ... on Dog {
    barkVolume
  }
}

query {
  dog {
    ...inDirectFieldSelectionOnUnion
  }
})gql");
}

TEST(validation, counter_example_117) {
  expect_errors(R"gql(fragment directFieldSelectionOnUnion on CatOrDog {
  name
  barkVolume
})gql",
                {
      {"Cannot query field \"name\" on type \"CatOrDog\". Did you mean to use an inline fragment on \"Pet\", \"Cat\", or \"Dog\"?", {{2, 3}}},
      {"Cannot query field \"barkVolume\" on type \"CatOrDog\". Did you mean to use an inline fragment on \"Dog\"?", {{3, 3}}},
      {"Fragment \"directFieldSelectionOnUnion\" is never used.", {{1, 1}}}
                });
}

TEST(validation, example_118) {
  expect_valid(R"gql(fragment mergeIdenticalFields on Dog {
  name
  name
}

fragment mergeIdenticalAliasesAndFields on Dog {
  otherName: name
  otherName: name
}

query {
  dog {
    ...mergeIdenticalFields
    ...mergeIdenticalAliasesAndFields
  }
})gql");
}

TEST(validation, counter_example_119) {
  expect_errors(R"gql(fragment conflictingBecauseAlias on Dog {
  name: nickname
  name
})gql",
                {
      {"Fields \"name\" conflict because \"nickname\" and \"name\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", {{2, 3}, {3, 3}}},
      {"Fragment \"conflictingBecauseAlias\" is never used.", {{1, 1}}}
                });
}

TEST(validation, example_120) {
  expect_valid(R"gql(fragment mergeIdenticalFieldsWithIdenticalArgs on Dog {
  doesKnowCommand(dogCommand: SIT)
  doesKnowCommand(dogCommand: SIT)
}

fragment mergeIdenticalFieldsWithIdenticalValues on Dog {
  doesKnowCommand(dogCommand: $dogCommand)
  doesKnowCommand(dogCommand: $dogCommand)
}

query q1 {
  dog {
    ...mergeIdenticalFieldsWithIdenticalArgs
  }
}

query q2($dogCommand: DogCommand!) {
  dog {
    ...mergeIdenticalFieldsWithIdenticalValues
  }
})gql");
}

TEST(validation, counter_example_121) {
  expect_errors(R"gql(fragment conflictingArgsOnValues on Dog {
  doesKnowCommand(dogCommand: SIT)
  doesKnowCommand(dogCommand: HEEL)
}

fragment conflictingArgsValueAndVar on Dog {
  doesKnowCommand(dogCommand: SIT)
  doesKnowCommand(dogCommand: $dogCommand)
}

fragment conflictingArgsWithVars on Dog {
  doesKnowCommand(dogCommand: $varOne)
  doesKnowCommand(dogCommand: $varTwo)
}

fragment differingArgs on Dog {
  doesKnowCommand(dogCommand: SIT)
  doesKnowCommand
})gql",
                {
      {"Fields \"doesKnowCommand\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.", {{2, 3}, {3, 3}}},
      {"Fields \"doesKnowCommand\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.", {{7, 3}, {8, 3}}},
      {"Fields \"doesKnowCommand\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.", {{12, 3}, {13, 3}}},
      {"Fields \"doesKnowCommand\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.", {{17, 3}, {18, 3}}},
      {"Field \"doesKnowCommand\" argument \"dogCommand\" of type \"DogCommand!\" is required, but it was not provided.", {{18, 3}}},
      {"Fragment \"conflictingArgsOnValues\" is never used.", {{1, 1}}},
      {"Fragment \"conflictingArgsValueAndVar\" is never used.", {{6, 1}}},
      {"Fragment \"conflictingArgsWithVars\" is never used.", {{11, 1}}},
      {"Fragment \"differingArgs\" is never used.", {{16, 1}}}
                });
}

TEST(validation, example_122) {
  expect_valid(R"gql(fragment safeDifferingFields on Pet {
  ... on Dog {
    volume: barkVolume
  }
  ... on Cat {
    volume: meowVolume
  }
}

fragment safeDifferingArgs on Pet {
  ... on Dog {
    doesKnowCommand(dogCommand: SIT)
  }
  ... on Cat {
    doesKnowCommand(catCommand: JUMP)
  }
}

query {
  dog {
    ...safeDifferingFields
    ...safeDifferingArgs
  }
})gql");
}

TEST(validation, counter_example_123) {
  expect_errors(R"gql(fragment conflictingDifferingResponses on Pet {
  ... on Dog {
    someValue: nickname
  }
  ... on Cat {
    someValue: meowVolume
  }
})gql",
                {
      {"Fields \"someValue\" conflict because they return conflicting types \"String\" and \"Int\". Use different aliases on the fields to fetch both if this was intentional.", {{3, 5}, {6, 5}}},
      {"Fragment \"conflictingDifferingResponses\" is never used.", {{1, 1}}}
                });
}

TEST(validation, example_124) {
  expect_valid(R"gql(fragment scalarSelection on Dog {
  barkVolume
}

query {
  dog {
    ...scalarSelection
  }
})gql");
}

TEST(validation, counter_example_125) {
  expect_errors(R"gql(fragment scalarSelectionsNotAllowedOnInt on Dog {
  barkVolume {
    sinceWhen
  }
})gql",
                {
      {"Field \"barkVolume\" must not have a selection since type \"Int\" has no subfields.", {{2, 14}}},
      {"Fragment \"scalarSelectionsNotAllowedOnInt\" is never used.", {{1, 1}}}
                });
}

TEST(validation, example_126) {
  expect_valid(R"gql(query {
  human {
    name
  }
  pet {
    name
  }
  catOrDog {
    ... on Cat {
      volume: meowVolume
    }
    ... on Dog {
      volume: barkVolume
    }
  }
})gql");
}

TEST(validation, counter_example_127) {
  expect_errors(R"gql(query directQueryOnObjectWithoutSubFields {
  human
}

query directQueryOnInterfaceWithoutSubFields {
  pet
}

query directQueryOnUnionWithoutSubFields {
  catOrDog
})gql",
                {
      {"Field \"human\" of type \"Human\" must have a selection of subfields. Did you mean \"human { ... }\"?", {{2, 3}}},
      {"Field \"pet\" of type \"Pet\" must have a selection of subfields. Did you mean \"pet { ... }\"?", {{6, 3}}},
      {"Field \"catOrDog\" of type \"CatOrDog\" must have a selection of subfields. Did you mean \"catOrDog { ... }\"?", {{10, 3}}}
                });
}

TEST(validation, example_128) {
  expect_valid(R"gql(fragment argOnRequiredArg on Dog {
  doesKnowCommand(dogCommand: SIT)
}

fragment argOnOptional on Dog {
  isHousetrained(atOtherHomes: true) @include(if: true)
}

query {
  dog {
    ...argOnRequiredArg
    ...argOnOptional
  }
})gql");
}

TEST(validation, counter_example_129) {
  expect_errors(R"gql(fragment invalidArgName on Dog {
  doesKnowCommand(command: CLEAN_UP_HOUSE)
})gql",
                {
      {"Unknown argument \"command\" on field \"Dog.doesKnowCommand\". Did you mean \"dogCommand\"?", {{2, 19}}},
      {"Field \"doesKnowCommand\" argument \"dogCommand\" of type \"DogCommand!\" is required, but it was not provided.", {{2, 3}}},
      {"Fragment \"invalidArgName\" is never used.", {{1, 1}}}
                });
}

TEST(validation, counter_example_130) {
  expect_errors(R"gql(fragment invalidArgName on Dog {
  isHousetrained(atOtherHomes: true) @include(unless: false)
})gql",
                {
      {"Unknown argument \"unless\" on directive \"@include\".", {{2, 47}}},
      {"Directive \"@include\" argument \"if\" of type \"Boolean!\" is required, but it was not provided.", {{2, 38}}},
      {"Fragment \"invalidArgName\" is never used.", {{1, 1}}}
                });
}

}  // namespace
}  // namespace wmpulse::graphql
