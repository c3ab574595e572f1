#pragma once
// The runtime type model: one table of named types with their fields, arguments, resolvers,
// descriptions and deprecation. It feeds validation, execution and introspection alike.
// Applications build it with schema_builder; type references are written as in SDL
// ("Int!", "[Metrics!]!").
#include <any>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/result.hpp"
#include "graphql/value.hpp"

namespace wmpulse::graphql {

struct ast_value;

enum class type_kind : unsigned char { scalar, object, interface, union_, enumeration, input_object, list, non_null };

struct named_type;

// A reference to a type with its list / non-null wrappers, e.g. [Int!]!.
struct type_ref {
  type_kind wrapper = type_kind::scalar;  // list, non_null, or the named type's own kind
  const named_type* named = nullptr;       // set when this is not a wrapper
  std::shared_ptr<const type_ref> of;      // the wrapped type for list / non_null
  bool is_non_null() const { return wrapper == type_kind::non_null; }
  bool is_list() const { return wrapper == type_kind::list; }
  const named_type& base() const { return of ? of->base() : *named; }
  std::string to_string() const;
};
using type_ptr = std::shared_ptr<const type_ref>;

// What a resolver sees.
struct field_context {
  const std::any& parent;               // the object the field belongs to (the root for Query)
  const boost::json::object& args;      // coerced arguments, defaults applied
  const std::any& root;                 // the root value passed to execute
};
using resolver = std::function<resolved(const field_context&)>;

struct input_value {
  std::string name;
  std::string description;
  type_ptr type;
  std::optional<boost::json::value> default_value;  // coerced (JSON form)
  std::string default_literal;                      // as printed by introspection
  std::optional<std::string> deprecation;
};

struct field_def {
  std::string name;
  std::string description;
  type_ptr type;
  std::vector<input_value> args;
  std::optional<std::string> deprecation;
  resolver resolve;
  const input_value* find_arg(std::string_view n) const;
};

// How a scalar crosses the boundary, as graphql-js's GraphQLScalarType does: `serialize` turns
// a resolver's leaf into the response's value, `parse_value` a variable's JSON value into the
// value resolvers see, `parse_literal` a literal in the document (variables inside it are
// looked up in `vars`, which is null during validation). A failed parse_literal says why, in
// the words validation reports. A custom scalar may leave any of them empty: serialize and
// parse_value then pass values through, parse_literal reads the literal as plain JSON and
// hands it to parse_value.
struct scalar_behaviour {
  using json_function = std::function<std::optional<boost::json::value>(const boost::json::value&)>;
  using literal_result = core::result<boost::json::value, std::string>;
  using literal_function = std::function<literal_result(const ast_value&, const boost::json::object* vars)>;
  json_function serialize;
  json_function parse_value;
  literal_function parse_literal;
};

struct enum_value_def {
  std::string name;
  std::string description;
  std::optional<std::string> deprecation;
};

struct named_type {
  type_kind kind = type_kind::object;
  std::string name;
  std::string description;
  std::optional<std::string> specified_by_url;
  std::vector<field_def> fields;              // object, interface
  std::vector<const named_type*> interfaces;  // object, interface
  std::vector<const named_type*> members;     // union members; possible types of an interface
  std::vector<enum_value_def> values;         // enumeration
  std::vector<input_value> input_fields;      // input_object
  scalar_behaviour scalar;                    // scalar

  const field_def* find_field(std::string_view n) const;
  const input_value* find_input_field(std::string_view n) const;
  const enum_value_def* find_value(std::string_view n) const;
  bool is_composite() const { return kind == type_kind::object || kind == type_kind::interface || kind == type_kind::union_; }
  bool is_abstract() const { return kind == type_kind::interface || kind == type_kind::union_; }
  bool is_input() const { return kind == type_kind::scalar || kind == type_kind::enumeration || kind == type_kind::input_object; }
  bool is_leaf() const { return kind == type_kind::scalar || kind == type_kind::enumeration; }
  bool possible(const named_type& object) const;  // can `object` be this type at run time
};

enum class directive_location : unsigned char {
  query, mutation, subscription, field, fragment_definition, fragment_spread, inline_fragment,
  variable_definition, schema, scalar, object, field_definition, argument_definition, interface,
  union_, enum_, enum_value, input_object, input_field_definition, directive_definition
};
std::string_view to_string(directive_location l);

struct directive_def {
  std::string name;
  std::string description;
  std::vector<directive_location> locations;
  std::vector<input_value> args;
  bool repeatable = false;
  const input_value* find_arg(std::string_view n) const;
};

class schema {
public:
  const named_type* find_type(std::string_view name) const;
  const directive_def* find_directive(std::string_view name) const;
  const named_type* query_type() const { return query_; }
  const named_type* mutation_type() const { return mutation_; }
  const named_type* subscription_type() const { return subscription_; }
  const std::vector<std::unique_ptr<named_type>>& types() const { return types_; }
  const std::vector<directive_def>& directives() const { return directives_; }
  const std::string& description() const { return description_; }
  // The meta-fields __schema, __type and __typename.
  const field_def& schema_meta_field() const { return *schema_field_; }
  const field_def& type_meta_field() const { return *type_field_; }
  const field_def& typename_meta_field() const { return *typename_field_; }

private:
  friend class schema_builder;
  std::vector<std::unique_ptr<named_type>> types_;
  std::unordered_map<std::string, const named_type*> by_name_;
  std::vector<directive_def> directives_;
  const named_type* query_ = nullptr;
  const named_type* mutation_ = nullptr;
  const named_type* subscription_ = nullptr;
  std::string description_;
  std::unique_ptr<field_def> schema_field_, type_field_, typename_field_;
};

// Builds a schema: declare types, then fields whose type references are SDL strings, then
// build(), which resolves names, adds built-in scalars, directives and introspection types,
// and throws std::logic_error on an inconsistent schema (a programming error).
class schema_builder {
public:
  schema_builder();
  ~schema_builder();

  struct arg_spec {
    std::string name;
    std::string type;
    std::string description;
    std::optional<boost::json::value> default_value = {};  // coerced form, e.g. 60
  };
  struct field_spec {
    std::string name;
    std::string type;
    std::string description;
    resolver resolve;
    std::vector<arg_spec> args = {};
    std::optional<std::string> deprecation = {};
  };

  schema_builder& description(std::string d);
  schema_builder& object(std::string name, std::string description, std::vector<field_spec> fields,
                         std::vector<std::string> interfaces = {});
  schema_builder& interface(std::string name, std::string description, std::vector<field_spec> fields,
                            std::vector<std::string> interfaces = {});
  schema_builder& union_type(std::string name, std::string description, std::vector<std::string> members);
  schema_builder& enumeration(std::string name, std::string description, std::vector<enum_value_def> values);
  schema_builder& input_object(std::string name, std::string description, std::vector<arg_spec> fields);
  schema_builder& scalar(std::string name, std::string description, scalar_behaviour behaviour,
                         std::optional<std::string> specified_by_url = {});
  schema_builder& roots(std::string query, std::string mutation = {}, std::string subscription = {});

  std::shared_ptr<const schema> build();

private:
  struct pending;
  std::unique_ptr<pending> p_;
};

}  // namespace wmpulse::graphql
