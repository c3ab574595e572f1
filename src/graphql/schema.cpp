#include "graphql/schema.hpp"

#include <stdexcept>

#include "graphql/ast_from_value.hpp"
#include "graphql/directives.hpp"
#include "graphql/introspection.hpp"
#include "graphql/scalars.hpp"

namespace wmpulse::graphql {

std::string type_ref::to_string() const {
  if (wrapper == type_kind::list) return "[" + of->to_string() + "]";
  if (wrapper == type_kind::non_null) return of->to_string() + "!";
  return named->name;
}

namespace {

template <class T>
const T* find_named(const std::vector<T>& items, std::string_view n) {
  for (const auto& x : items)
    if (x.name == n) return &x;
  return nullptr;
}

}  // namespace

const input_value* field_def::find_arg(std::string_view n) const { return find_named(args, n); }
const input_value* directive_def::find_arg(std::string_view n) const { return find_named(args, n); }
const field_def* named_type::find_field(std::string_view n) const { return find_named(fields, n); }
const input_value* named_type::find_input_field(std::string_view n) const { return find_named(input_fields, n); }
const enum_value_def* named_type::find_value(std::string_view n) const { return find_named(values, n); }
bool named_type::possible(const named_type& object) const {
  if (kind == type_kind::object) return &object == this;
  for (const auto* m : members)
    if (m == &object) return true;
  return false;
}

std::string_view to_string(directive_location l) {
  static constexpr std::string_view names[] = {
      "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT",
      "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE",
      "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION", "DIRECTIVE_DEFINITION"};
  return names[static_cast<int>(l)];
}

const named_type* schema::find_type(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? nullptr : it->second;
}
const directive_def* schema::find_directive(std::string_view name) const {
  for (const auto& d : directives_)
    if (d.name == name) return &d;
  return nullptr;
}

// ---------------------------------------------------------------------------------------

struct schema_builder::pending {
  struct type_spec {
    type_kind kind;
    std::string name, description;
    std::vector<field_spec> fields;
    std::vector<std::string> interfaces;  // or union members
    std::vector<enum_value_def> values;
    std::vector<arg_spec> input_fields;
    scalar_behaviour scalar;
    std::optional<std::string> specified_by;
  };
  std::vector<type_spec> types;
  std::string description, query, mutation, subscription;
};

schema_builder::schema_builder() : p_(std::make_unique<pending>()) {}
schema_builder::~schema_builder() = default;

schema_builder& schema_builder::description(std::string d) {
  p_->description = std::move(d);
  return *this;
}
schema_builder& schema_builder::object(std::string name, std::string description, std::vector<field_spec> fields,
                                       std::vector<std::string> interfaces) {
  p_->types.push_back({type_kind::object, std::move(name), std::move(description), std::move(fields), std::move(interfaces), {}, {}, {}, {}});
  return *this;
}
schema_builder& schema_builder::interface(std::string name, std::string description, std::vector<field_spec> fields,
                                          std::vector<std::string> interfaces) {
  p_->types.push_back({type_kind::interface, std::move(name), std::move(description), std::move(fields), std::move(interfaces), {}, {}, {}, {}});
  return *this;
}
schema_builder& schema_builder::union_type(std::string name, std::string description, std::vector<std::string> members) {
  p_->types.push_back({type_kind::union_, std::move(name), std::move(description), {}, std::move(members), {}, {}, {}, {}});
  return *this;
}
schema_builder& schema_builder::enumeration(std::string name, std::string description, std::vector<enum_value_def> values) {
  p_->types.push_back({type_kind::enumeration, std::move(name), std::move(description), {}, {}, std::move(values), {}, {}, {}});
  return *this;
}
schema_builder& schema_builder::input_object(std::string name, std::string description, std::vector<arg_spec> fields) {
  p_->types.push_back({type_kind::input_object, std::move(name), std::move(description), {}, {}, {}, std::move(fields), {}, {}});
  return *this;
}
schema_builder& schema_builder::scalar(std::string name, std::string description, scalar_behaviour behaviour,
                                       std::optional<std::string> specified_by_url) {
  behaviour = with_defaults(name, std::move(behaviour));
  p_->types.push_back({type_kind::scalar, std::move(name), std::move(description), {}, {}, {}, {}, std::move(behaviour), std::move(specified_by_url)});
  return *this;
}
schema_builder& schema_builder::roots(std::string query, std::string mutation, std::string subscription) {
  p_->query = std::move(query);
  p_->mutation = std::move(mutation);
  p_->subscription = std::move(subscription);
  return *this;
}

namespace {

type_ptr parse_type_ref(const schema& s, std::string_view text, std::size_t& i,
                        const std::unordered_map<std::string, const named_type*>& by_name) {
  auto t = std::make_shared<type_ref>();
  if (i < text.size() && text[i] == '[') {
    ++i;
    t->wrapper = type_kind::list;
    t->of = parse_type_ref(s, text, i, by_name);
    if (i >= text.size() || text[i] != ']') throw std::logic_error("schema: bad type " + std::string(text));
    ++i;
  } else {
    std::size_t end = i;
    while (end < text.size() && text[end] != '!' && text[end] != ']') ++end;
    auto it = by_name.find(std::string(text.substr(i, end - i)));
    if (it == by_name.end()) throw std::logic_error("schema: unknown type " + std::string(text));
    t->named = it->second;
    t->wrapper = it->second->kind;
    i = end;
  }
  if (i < text.size() && text[i] == '!') {
    ++i;
    auto nn = std::make_shared<type_ref>();
    nn->wrapper = type_kind::non_null;
    nn->of = std::move(t);
    return nn;
  }
  return t;
}

}  // namespace

std::shared_ptr<const schema> schema_builder::build() {
  auto s = std::make_shared<schema>();
  s->description_ = p_->description;
  add_builtin_scalars(*this);
  add_introspection_types(*this);
  for (auto& spec : p_->types) {
    auto t = std::make_unique<named_type>();
    t->kind = spec.kind;
    t->name = spec.name;
    t->description = spec.description;
    t->values = spec.values;
    t->scalar = spec.scalar;
    t->specified_by_url = spec.specified_by;
    if (!s->by_name_.emplace(t->name, t.get()).second) throw std::logic_error("schema: duplicate type " + t->name);
    s->types_.push_back(std::move(t));
  }
  auto ref = [&](const std::string& text) {
    std::size_t i = 0;
    auto r = parse_type_ref(*s, text, i, s->by_name_);
    if (i != text.size()) throw std::logic_error("schema: bad type " + text);
    return r;
  };
  auto input = [&](const arg_spec& a) {
    input_value v{a.name, a.description, ref(a.type), a.default_value, {}, {}};
    if (!v.type->base().is_input()) throw std::logic_error("schema: " + a.name + " is not of an input type");
    if (a.default_value) v.default_literal = print_literal(*a.default_value, *v.type);
    return v;
  };
  for (std::size_t i = 0; i < p_->types.size(); ++i) {
    auto& spec = p_->types[i];
    named_type& t = *s->types_[i];
    for (auto& f : spec.fields) {
      field_def d{f.name, f.description, ref(f.type), {}, f.deprecation, f.resolve};
      if (d.type->base().is_input() && d.type->base().kind == type_kind::input_object)
        throw std::logic_error("schema: field " + f.name + " has an input type");
      for (const auto& a : f.args) d.args.push_back(input(a));
      t.fields.push_back(std::move(d));
    }
    for (const auto& a : spec.input_fields) t.input_fields.push_back(input(a));
    for (const auto& n : spec.interfaces) {
      const named_type* other = s->find_type(n);
      if (!other) throw std::logic_error("schema: unknown type " + n);
      if (t.kind == type_kind::union_) {
        t.members.push_back(other);
      } else {
        t.interfaces.push_back(other);
        const_cast<named_type*>(other)->members.push_back(&t);
      }
    }
  }
  s->query_ = s->find_type(p_->query);
  if (!s->query_ || s->query_->kind != type_kind::object) throw std::logic_error("schema: no query type");
  s->mutation_ = p_->mutation.empty() ? nullptr : s->find_type(p_->mutation);
  s->subscription_ = p_->subscription.empty() ? nullptr : s->find_type(p_->subscription);
  s->directives_ = builtin_directives(ref);
  auto meta = meta_fields(*s, ref);
  s->schema_field_ = std::make_unique<field_def>(std::move(meta[0]));
  s->type_field_ = std::make_unique<field_def>(std::move(meta[1]));
  s->typename_field_ = std::make_unique<field_def>(std::move(meta[2]));
  return s;
}

}  // namespace wmpulse::graphql
