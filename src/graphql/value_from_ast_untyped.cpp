#include "graphql/value_from_ast_untyped.hpp"

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace wmpulse::graphql {

boost::json::value value_from_ast_untyped(const ast_value& v, const boost::json::object* vars) {
  switch (v.what) {
    case ast_value::kind::int_: {
      std::int64_t n = 0;
      std::from_chars(v.raw.data(), v.raw.data() + v.raw.size(), n);
      return n;
    }
    case ast_value::kind::float_: return std::strtod(std::string(v.raw).c_str(), nullptr);
    case ast_value::kind::string: return boost::json::value(v.text);
    case ast_value::kind::boolean: return v.boolean;
    case ast_value::kind::enum_: return boost::json::value(v.raw);
    case ast_value::kind::list: {
      boost::json::array a;
      for (const auto& x : v.items) a.push_back(value_from_ast_untyped(x, vars));
      return a;
    }
    case ast_value::kind::object: {
      boost::json::object o;
      for (const auto& [k, x] : v.fields) o[k] = value_from_ast_untyped(x, vars);
      return o;
    }
    case ast_value::kind::variable:
      if (vars)
        if (auto it = vars->find(v.raw); it != vars->end()) return it->value();
      return nullptr;
    case ast_value::kind::null: return nullptr;
  }
  return nullptr;
}

}  // namespace wmpulse::graphql
