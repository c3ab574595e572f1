#pragma once
// The example schema of the GraphQL specification, section 5 (October 2021), for the
// validation examples. No resolvers: these tests only validate.
#include <memory>

#include "graphql/schema.hpp"

namespace wmpulse::graphql::testing {

inline std::shared_ptr<const schema> spec_schema() {
  using f = schema_builder::field_spec;
  using a = schema_builder::arg_spec;
  schema_builder b;
  b.object("Query", "", {f{"dog", "Dog", "", {}}, f{"findDog", "Dog", "", {}, {a{"complex", "ComplexInput", ""}}},
                         f{"booleanList", "Boolean", "", {}, {a{"booleanListArg", "[Boolean!]", ""}}}, f{"human", "Human", "", {}},
                         f{"pet", "Pet", "", {}}, f{"catOrDog", "CatOrDog", "", {}}, f{"arguments", "Arguments", "", {}},
                         f{"resource", "Resource", "", {}}});
  b.object("Mutation", "", {f{"mutateDog", "MutateDogResult", "", {}}});
  b.object("MutateDogResult", "", {f{"id", "ID!", "", {}}});
  b.object("Subscription", "", {f{"newMessage", "Message", "", {}}, f{"disallowedSecondRootField", "Boolean", "", {}}});
  b.object("Message", "", {f{"body", "String", "", {}}, f{"sender", "String", "", {}}});
  b.enumeration("DogCommand", "", {{"SIT", "", {}}, {"DOWN", "", {}}, {"HEEL", "", {}}});
  b.enumeration("CatCommand", "", {{"JUMP", "", {}}});
  b.interface("Sentient", "", {f{"name", "String!", "", {}}});
  b.interface("Pet", "", {f{"name", "String!", "", {}}});
  b.object("Dog", "", {f{"name", "String!", "", {}}, f{"nickname", "String", "", {}}, f{"barkVolume", "Int", "", {}},
                       f{"doesKnowCommand", "Boolean!", "", {}, {a{"dogCommand", "DogCommand!", ""}}},
                       f{"isHousetrained", "Boolean!", "", {}, {a{"atOtherHomes", "Boolean", ""}}}, f{"owner", "Human", "", {}}},
           {"Pet"});
  b.object("Alien", "", {f{"name", "String!", "", {}}, f{"homePlanet", "String", "", {}}}, {"Sentient"});
  b.object("Human", "", {f{"name", "String!", "", {}}, f{"pets", "[Pet!]", "", {}}}, {"Sentient"});
  b.object("Cat", "", {f{"name", "String!", "", {}}, f{"nickname", "String", "", {}},
                       f{"doesKnowCommand", "Boolean!", "", {}, {a{"catCommand", "CatCommand!", ""}}}, f{"meowVolume", "Int", "", {}}},
           {"Pet"});
  b.union_type("CatOrDog", "", {"Cat", "Dog"});
  b.union_type("DogOrHuman", "", {"Dog", "Human"});
  b.union_type("HumanOrAlien", "", {"Human", "Alien"});
  b.input_object("ComplexInput", "", {a{"name", "String", ""}, a{"owner", "String", ""}});
  b.object("Arguments", "",
           {f{"multipleReqs", "Int!", "", {}, {a{"x", "Int!", ""}, a{"y", "Int!", ""}}},
            f{"booleanArgField", "Boolean", "", {}, {a{"booleanArg", "Boolean", ""}}},
            f{"floatArgField", "Float", "", {}, {a{"floatArg", "Float", ""}}},
            f{"intArgField", "Int", "", {}, {a{"intArg", "Int", ""}}},
            f{"nonNullBooleanArgField", "Boolean!", "", {}, {a{"nonNullBooleanArg", "Boolean!", ""}}},
            f{"booleanListArgField", "[Boolean]", "", {}, {a{"booleanListArg", "[Boolean]!", ""}}},
            f{"optionalNonNullBooleanArgField", "Boolean!", "", {}, {a{"optionalBooleanArg", "Boolean!", "", boost::json::value(false)}}},
            f{"nonNullBooleanListField", "[Boolean]", "", {}, {a{"nonNullBooleanListArg", "[Boolean]!", ""}}}});
  b.interface("Node", "", {f{"id", "ID!", "", {}}});
  b.interface("Resource", "", {f{"id", "ID!", "", {}}, f{"url", "String", "", {}}}, {"Node"});
  b.object("Page", "", {f{"id", "ID!", "", {}}, f{"url", "String", "", {}}}, {"Resource", "Node"});
  b.roots("Query", "Mutation", "Subscription");
  return b.build();
}

}  // namespace wmpulse::graphql::testing
