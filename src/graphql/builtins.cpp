#include "graphql/builtins.hpp"

#include <cmath>
#include <limits>

#include <boost/json/serialize.hpp>

#include "core/json_writer.hpp"

namespace wmpulse::graphql {
namespace {

using boost::json::value;
using opt = std::optional<value>;

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
opt int_parse(const value& v) {
  if (v.is_bool()) return std::nullopt;
  return int_serialize(v);
}
opt float_serialize(const value& v) {
  if (v.is_bool()) return value(v.get_bool() ? 1.0 : 0.0);
  if (v.is_number()) {
    const double d = v.to_number<double>();
    if (std::isfinite(d)) return value(d);
  }
  return std::nullopt;
}
opt float_parse(const value& v) {
  if (v.is_bool()) return std::nullopt;
  return float_serialize(v);
}
opt string_serialize(const value& v) {
  if (v.is_string()) return v;
  if (v.is_bool()) return value(v.get_bool() ? "true" : "false");
  if (v.is_number()) return value(core::write_json(v));
  return std::nullopt;
}
opt string_parse(const value& v) {
  if (v.is_string()) return v;
  return std::nullopt;
}
opt boolean_serialize(const value& v) {
  if (v.is_bool()) return v;
  if (v.is_number()) return value(v.to_number<double>() != 0);
  return std::nullopt;
}
opt boolean_parse(const value& v) {
  if (v.is_bool()) return v;
  return std::nullopt;
}
opt id_serialize(const value& v) {
  if (v.is_string()) return v;
  if (v.is_int64() || v.is_uint64()) return value(boost::json::serialize(v));
  return std::nullopt;
}

}  // namespace

bool is_builtin_scalar(std::string_view n) {
  return n == "Int" || n == "Float" || n == "String" || n == "Boolean" || n == "ID";
}

void add_builtin_scalars(schema_builder& b) {
  b.scalar("Int", "The `Int` scalar type represents non-fractional signed whole numeric values between -(2^31) and 2^31 - 1.",
           {int_serialize, int_parse});
  b.scalar("Float", "The `Float` scalar type represents signed double-precision finite values as specified by IEEE 754.",
           {float_serialize, float_parse});
  b.scalar("String", "The `String` scalar type represents textual data, as UTF-8 character sequences.",
           {string_serialize, string_parse});
  b.scalar("Boolean", "The `Boolean` scalar type represents `true` or `false`.", {boolean_serialize, boolean_parse});
  b.scalar("ID", "The `ID` scalar type represents a unique identifier; it accepts a string or an integer and is always serialised as a string.",
           {id_serialize, id_serialize});
}

std::vector<directive_def> builtin_directives(const type_resolver& ref) {
  using L = directive_location;
  auto arg = [&](std::string name, std::string type, std::string desc, std::optional<value> def = {}) {
    input_value v{std::move(name), std::move(desc), ref(type), def, {}, {}};
    if (def) v.default_literal = print_literal(*def, *v.type);
    return v;
  };
  std::vector<directive_def> ds;
  ds.push_back({"include", "Includes this field or fragment only when the `if` argument is true.",
                {L::field, L::fragment_spread, L::inline_fragment}, {arg("if", "Boolean!", "Included when true.")}, false});
  ds.push_back({"skip", "Skips this field or fragment when the `if` argument is true.",
                {L::field, L::fragment_spread, L::inline_fragment}, {arg("if", "Boolean!", "Skipped when true.")}, false});
  ds.push_back({"deprecated", "Marks an element of the schema as no longer supported.",
                {L::field_definition, L::argument_definition, L::input_field_definition, L::enum_value, L::directive_definition},
                {arg("reason", "String", "Why it is deprecated and what to use instead (Markdown).", value("No longer supported"))}, false});
  ds.push_back({"specifiedBy", "Gives the URL of the specification of a custom scalar.", {L::scalar},
                {arg("url", "String!", "The URL of the specification.")}, false});
  return ds;
}

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
