#include "graphql/printer.hpp"

#include <boost/json/serialize.hpp>

namespace wmpulse::graphql {

std::string print_ast_value(const ast_value& v) {
  switch (v.what) {
    case ast_value::kind::variable: return "$" + std::string(v.raw);
    case ast_value::kind::string: return boost::json::serialize(boost::json::value(v.text));
    case ast_value::kind::boolean: return v.boolean ? "true" : "false";
    case ast_value::kind::null: return "null";
    case ast_value::kind::list: {
      std::string s = "[";
      for (std::size_t i = 0; i < v.items.size(); ++i) s += (i ? ", " : "") + print_ast_value(v.items[i]);
      return s + "]";
    }
    case ast_value::kind::object: {
      std::string s = "{";
      for (std::size_t i = 0; i < v.fields.size(); ++i)
        s += (i ? ", " : "") + std::string(v.fields[i].name) + ": " + print_ast_value(v.fields[i].value);
      return s + "}";
    }
    default: return std::string(v.raw);
  }
}

}  // namespace wmpulse::graphql
