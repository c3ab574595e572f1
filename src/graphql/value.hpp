#pragma once
// What a resolver hands back to the executor: null, a leaf (already serialised as JSON),
// an object (opaque to the engine, passed on to the object's own resolvers), a list, or a
// field error. Objects are std::any so that the engine never knows the application's types;
// store a pointer or a small handle in them to keep copies cheap.
#include <any>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

namespace wmpulse::graphql {

struct resolved {
  enum class kind : unsigned char { null, leaf, object, list, error };
  kind what = kind::null;
  boost::json::value leaf;       // kind::leaf: serialised by the field's scalar or enum type
  std::any object;               // kind::object
  std::string type_name;         // kind::object under an interface or union: the concrete type
  std::vector<resolved> items;   // kind::list
  std::string error;             // kind::error: the message of the field error

  static resolved null() { return {}; }
  static resolved of(boost::json::value v) {
    resolved r;
    r.what = v.is_null() ? kind::null : kind::leaf;
    r.leaf = std::move(v);
    return r;
  }
  static resolved obj(std::any o, std::string concrete_type = {}) {
    resolved r;
    r.what = kind::object;
    r.object = std::move(o);
    r.type_name = std::move(concrete_type);
    return r;
  }
  static resolved list(std::vector<resolved> xs) {
    resolved r;
    r.what = kind::list;
    r.items = std::move(xs);
    return r;
  }
  static resolved fail(std::string message) {
    resolved r;
    r.what = kind::error;
    r.error = std::move(message);
    return r;
  }
};

}  // namespace wmpulse::graphql
