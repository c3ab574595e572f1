#include "graphql/coerce_input_value.hpp"

#include <boost/json/serialize.hpp>

#include "graphql/suggestions.hpp"

namespace wmpulse::graphql {
namespace {

using boost::json::value;

std::string at(const std::string& path) { return path.empty() ? "" : " at \"" + path + "\""; }

// A single value where a list is expected is a list of one.
bool coerce_list(const type_ref& type, const value& in, value& out, std::string& error, const std::string& path) {
  boost::json::array items;
  if (!in.is_array()) {
    value one;
    if (!coerce_input_value(*type.of, in, one, error, path)) return false;
    items.push_back(std::move(one));
  } else {
    for (std::size_t i = 0; i < in.get_array().size(); ++i) {
      value item;
      if (!coerce_input_value(*type.of, in.get_array()[i], item, error, path + "[" + std::to_string(i) + "]")) return false;
      items.push_back(std::move(item));
    }
  }
  out = std::move(items);
  return true;
}

bool coerce_object(const named_type& t, const value& in, value& out, std::string& error, const std::string& path) {
  if (!in.is_object()) {
    error = "Expected type \"" + t.name + "\" to be an object" + at(path) + ".";
    return false;
  }
  boost::json::object o;
  for (const auto& f : t.input_fields) {
    const std::string sub = path.empty() ? f.name : path + "." + f.name;
    if (auto it = in.get_object().find(f.name); it != in.get_object().end()) {
      value v;
      if (!coerce_input_value(*f.type, it->value(), v, error, sub)) return false;
      o[f.name] = std::move(v);
    } else if (f.default_value) {
      o[f.name] = *f.default_value;
    } else if (f.type->is_non_null()) {
      error = "Field \"" + f.name + "\" of required type \"" + f.type->to_string() + "\" was not provided" + at(path) + ".";
      return false;
    }
  }
  for (const auto& kv : in.get_object()) {
    if (!t.find_input_field(kv.key())) {
      error = "Field \"" + std::string(kv.key()) + "\" is not defined by type \"" + t.name + "\"" + at(path) + "." +
              did_you_mean_among(kv.key(), t.input_fields);
      return false;
    }
  }
  out = std::move(o);
  return true;
}

bool coerce_enum(const named_type& t, const value& in, value& out, std::string& error, const std::string& path) {
  if (in.is_string() && t.find_value(in.get_string())) {
    out = in;
    return true;
  }
  error = "Value " + boost::json::serialize(in) + " does not exist in \"" + t.name + "\" enum" + at(path) + ".";
  if (in.is_string()) error += did_you_mean_among(in.get_string(), t.values);
  return false;
}

}  // namespace

bool coerce_input_value(const type_ref& type, const value& in, value& out, std::string& error, const std::string& path) {
  if (type.is_non_null()) {
    if (in.is_null()) {
      error = "Expected non-nullable type \"" + type.to_string() + "\" not to be null" + at(path) + ".";
      return false;
    }
    return coerce_input_value(*type.of, in, out, error, path);
  }
  if (in.is_null()) {
    out = nullptr;
    return true;
  }
  if (type.is_list()) return coerce_list(type, in, out, error, path);
  const named_type& t = *type.named;
  if (t.kind == type_kind::input_object) return coerce_object(t, in, out, error, path);
  if (t.kind == type_kind::enumeration) return coerce_enum(t, in, out, error, path);
  auto parsed = t.scalar.parse_value(in);
  if (!parsed) {
    error = t.name + " cannot represent value: " + boost::json::serialize(in) + at(path) + ".";
    return false;
  }
  out = std::move(*parsed);
  return true;
}

}  // namespace wmpulse::graphql
