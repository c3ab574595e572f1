#include "graphql/ast_from_value.hpp"

#include "core/json_writer.hpp"

namespace wmpulse::graphql {

using boost::json::value;

std::string print_literal(const value& v, const type_ref& type) {
  if (v.is_null()) return "null";
  if (type.is_non_null()) return print_literal(v, *type.of);
  if (type.is_list()) {
    if (!v.is_array()) return print_literal(v, *type.of);
    std::string out = "[";
    for (const auto& x : v.get_array()) out += (out.size() > 1 ? ", " : "") + print_literal(x, *type.of);
    return out + "]";
  }
  const named_type& t = *type.named;
  if (t.kind == type_kind::enumeration && v.is_string()) return std::string(v.get_string());
  if (t.kind == type_kind::input_object && v.is_object()) {
    std::string out = "{";
    for (const auto& f : t.input_fields) {
      auto it = v.get_object().find(f.name);
      if (it == v.get_object().end()) continue;
      out += (out.size() > 1 ? ", " : "") + f.name + ": " + print_literal(it->value(), *f.type);
    }
    return out + "}";
  }
  return core::write_json(v);
}

}  // namespace wmpulse::graphql
