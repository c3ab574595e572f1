#include "graphql/type_from_ast.hpp"

namespace wmpulse::graphql {

type_ptr type_from_ast(const schema& s, const type_node& node) {
  auto t = std::make_shared<type_ref>();
  if (node.what == type_node::kind::named) {
    t->named = s.find_type(node.name);
    if (!t->named) return nullptr;
    t->wrapper = t->named->kind;
    return t;
  }
  t->of = type_from_ast(s, *node.of);
  if (!t->of) return nullptr;
  t->wrapper = node.what == type_node::kind::list ? type_kind::list : type_kind::non_null;
  return t;
}

}  // namespace wmpulse::graphql
