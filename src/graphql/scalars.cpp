#include "graphql/scalars.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include <boost/json/serialize.hpp>

#include "graphql/ast.hpp"
#include "graphql/printer.hpp"
#include "core/json_writer.hpp"
#include "graphql/value_from_ast_untyped.hpp"

namespace wmpulse::graphql {
namespace {

using boost::json::value;
using opt = std::optional<value>;
using literal_result = scalar_behaviour::literal_result;
using kind = ast_value::kind;

literal_result rejected(std::string message, const ast_value& v) { return core::failure{message + print_ast_value(v)}; }

bool fits_int32(double d) {
  return std::isfinite(d) && std::floor(d) == d && d >= -2147483648.0 && d <= 2147483647.0;
}

opt int_serialize(const value& v) {
  if (v.is_bool()) return value(v.get_bool() ? 1 : 0);
  if (v.is_int64() && v.get_int64() >= INT32_MIN && v.get_int64() <= INT32_MAX) return v;
  if (v.is_uint64() && v.get_uint64() <= INT32_MAX) return value(static_cast<std::int64_t>(v.get_uint64()));
  if (v.is_double() && fits_int32(v.get_double())) return value(static_cast<std::int64_t>(v.get_double()));
  return std::nullopt;
}
opt int_parse(const value& v) { return v.is_bool() ? std::nullopt : int_serialize(v); }
literal_result int_literal(const ast_value& v, const boost::json::object*) {
  if (v.what != kind::int_) return rejected("Int cannot represent non-integer value: ", v);
  std::int64_t n = 0;
  const auto r = std::from_chars(v.raw.data(), v.raw.data() + v.raw.size(), n);
  if (r.ec != std::errc() || n < INT32_MIN || n > INT32_MAX) return rejected("Int cannot represent non 32-bit signed integer value: ", v);
  return value(n);
}

opt float_serialize(const value& v) {
  if (v.is_bool()) return value(v.get_bool() ? 1.0 : 0.0);
  if (v.is_number()) {
    const double d = v.to_number<double>();
    if (std::isfinite(d)) return value(d);
  }
  return std::nullopt;
}
opt float_parse(const value& v) { return v.is_bool() ? std::nullopt : float_serialize(v); }
literal_result float_literal(const ast_value& v, const boost::json::object*) {
  if (v.what == kind::int_ || v.what == kind::float_) {
    const double d = std::strtod(std::string(v.raw).c_str(), nullptr);
    if (std::isfinite(d)) return value(d);
  }
  return rejected("Float cannot represent non numeric value: ", v);
}

opt string_serialize(const value& v) {
  if (v.is_string()) return v;
  if (v.is_bool()) return value(v.get_bool() ? "true" : "false");
  if (v.is_number()) return value(core::write_json(v));
  return std::nullopt;
}
opt string_parse(const value& v) { return v.is_string() ? opt(v) : std::nullopt; }
literal_result string_literal(const ast_value& v, const boost::json::object*) {
  if (v.what == kind::string) return value(v.text);
  return rejected("String cannot represent a non string value: ", v);
}

opt boolean_serialize(const value& v) {
  if (v.is_bool()) return v;
  if (v.is_number()) return value(v.to_number<double>() != 0);
  return std::nullopt;
}
opt boolean_parse(const value& v) { return v.is_bool() ? opt(v) : std::nullopt; }
literal_result boolean_literal(const ast_value& v, const boost::json::object*) {
  if (v.what == kind::boolean) return value(v.boolean);
  return rejected("Boolean cannot represent a non boolean value: ", v);
}

// An ID reads from and writes to a string; an integer is taken as its digits.
opt id_serialize(const value& v) {
  if (v.is_string()) return v;
  if (v.is_int64() || v.is_uint64()) return value(boost::json::serialize(v));
  return std::nullopt;
}
literal_result id_literal(const ast_value& v, const boost::json::object*) {
  if (v.what == kind::string) return value(v.text);
  if (v.what == kind::int_) return value(v.raw);
  return rejected("ID cannot represent a non-string and non-integer value: ", v);
}

}  // namespace

void add_builtin_scalars(schema_builder& b) {
  b.scalar("Int", "The `Int` scalar type represents non-fractional signed whole numeric values between -(2^31) and 2^31 - 1.",
           {int_serialize, int_parse, int_literal});
  b.scalar("Float", "The `Float` scalar type represents signed double-precision finite values as specified by IEEE 754.",
           {float_serialize, float_parse, float_literal});
  b.scalar("String", "The `String` scalar type represents textual data, as UTF-8 character sequences.",
           {string_serialize, string_parse, string_literal});
  b.scalar("Boolean", "The `Boolean` scalar type represents `true` or `false`.", {boolean_serialize, boolean_parse, boolean_literal});
  b.scalar("ID", "The `ID` scalar type represents a unique identifier; it accepts a string or an integer and is always serialised as a string.",
           {id_serialize, id_serialize, id_literal});
}

scalar_behaviour with_defaults(const std::string& name, scalar_behaviour b) {
  auto pass = [](const value& v) { return opt(v); };
  if (!b.serialize) b.serialize = pass;
  if (!b.parse_value) b.parse_value = pass;
  if (!b.parse_literal)
    b.parse_literal = [name, parse = b.parse_value](const ast_value& v, const boost::json::object* vars) -> literal_result {
      if (auto parsed = parse(value_from_ast_untyped(v, vars))) return std::move(*parsed);
      return core::failure{"Expected value of type \"" + name + "\", found " + print_ast_value(v) + "."};
    };
  return b;
}

}  // namespace wmpulse::graphql
