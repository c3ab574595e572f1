#include "graphql/executor.hpp"

#include <charconv>
#include <exception>
#include <map>
#include <optional>

#include <boost/json/serialize.hpp>

#include "graphql/errors.hpp"
#include "graphql/input_values.hpp"
#include "graphql/value_from_ast.hpp"

namespace wmpulse::graphql {
namespace {

using boost::json::value;
using field_nodes = std::vector<const field*>;
using grouped_fields = std::vector<std::pair<std::string_view, field_nodes>>;

class executor {
public:
  explicit executor(const execution_request& r) : r_(r) {}

  boost::json::object run() {
    const operation_definition& op = r_.operation;
    const named_type* root = op.kind == operation_kind::query      ? r_.types.query_type()
                             : op.kind == operation_kind::mutation ? r_.types.mutation_type()
                                                                   : r_.types.subscription_type();
    boost::json::object response;
    value data;
    charge(sizeof R"({"data":})");
    if (!root) {
      errors_.push_back(boost::json::object{{"message", "Schema is not configured to execute " + std::string(to_string(op.kind)) + " operation."}});
      data = nullptr;
    } else {
      grouped_fields fields;
      std::vector<std::string_view> visited;
      collect(*root, op.selections, fields, visited);
      boost::json::object out;
      data = execute_fields(*root, r_.root, fields, out) ? value(std::move(out)) : value(nullptr);
    }
    if (over_budget_) {
      const auto message = "The response is larger than the limit of " + std::to_string(r_.max_response_bytes) + " bytes.";
      return boost::json::object{{"errors", boost::json::array{boost::json::object{{"message", message}}}}};
    }
    response["data"] = std::move(data);
    if (!errors_.empty()) response["errors"] = std::move(errors_);
    return response;
  }

private:
  // @skip and @include, their `if` read as the directive declares it (Boolean!).
  bool included(const std::vector<directive>& ds) const {
    for (const auto& d : ds) {
      if (d.name != "skip" && d.name != "include") continue;
      const input_value& condition = *r_.types.find_directive(d.name)->find_arg("if");
      for (const auto& a : d.args) {
        if (a.name != "if") continue;
        value v;
        const auto outcome = value_from_ast(*condition.type, a.value, &r_.variables, v);
        const bool on = outcome == literal_outcome::value && v.is_bool() && v.get_bool();
        if (d.name == "skip" ? on : !on) return false;
      }
    }
    return true;
  }
  bool applies(const named_type& object, std::string_view condition) const {
    if (condition.empty()) return true;
    const named_type* t = r_.types.find_type(condition);
    return t && (t == &object || t->possible(object));
  }

  void collect(const named_type& object, const selection_set& set, grouped_fields& out, std::vector<std::string_view>& visited) {
    for (const auto& sel : set.items) {
      if (const auto* f = std::get_if<field>(&sel.node)) {
        if (!included(f->directives)) continue;
        const auto key = f->response_key();
        auto it = std::find_if(out.begin(), out.end(), [&](const auto& g) { return g.first == key; });
        if (it == out.end()) out.push_back({key, {f}});
        else it->second.push_back(f);
      } else if (const auto* s = std::get_if<fragment_spread>(&sel.node)) {
        if (!included(s->directives) || std::find(visited.begin(), visited.end(), s->name) != visited.end()) continue;
        visited.push_back(s->name);
        const fragment_definition* frag = r_.doc.find_fragment(s->name);
        if (frag && applies(object, frag->type_condition)) collect(object, frag->selections, out, visited);
      } else {
        const auto& i = std::get<inline_fragment>(sel.node);
        if (included(i.directives) && applies(object, i.type_condition)) collect(object, i.selections, out, visited);
      }
    }
  }

  // Adds to the estimated size of the response; false (and every completion from then on
  // fails) once it is over the limit.
  bool charge(std::size_t bytes) {
    bytes_ += bytes;
    if (bytes_ > r_.max_response_bytes) over_budget_ = true;
    return !over_budget_;
  }

  static std::size_t json_size(const value& v) {
    char buf[40];
    switch (v.kind()) {
      case boost::json::kind::string: return v.get_string().size() + 2;
      case boost::json::kind::int64: return static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, v.get_int64()).ptr - buf);
      case boost::json::kind::uint64: return static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, v.get_uint64()).ptr - buf);
      case boost::json::kind::double_: return static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, v.get_double()).ptr - buf);
      case boost::json::kind::bool_: return 5;
      case boost::json::kind::null: return 4;
      default: return boost::json::serialize(v).size();
    }
  }

  // The sub-selections of `nodes` on `object`, collected once per execution (as graphql-js
  // memoizes collectSubfields), not once per list item. The grouped fields stay put in the map.
  const grouped_fields& subfields(const named_type& object, const field_nodes& nodes) {
    auto [it, fresh] = subfields_.try_emplace({&object, &nodes});
    if (fresh) {
      std::vector<std::string_view> visited;
      for (const field* f : nodes) collect(object, f->selections, it->second, visited);
    }
    return it->second;
  }

  bool execute_fields(const named_type& type, const std::any& object, const grouped_fields& fields, boost::json::object& out) {
    out.reserve(fields.size());
    if (!charge(2)) return false;
    for (const auto& [key, nodes] : fields) {
      if (!charge(key.size() + 4)) return false;
      path_.emplace_back(key);
      value v;
      const bool ok = execute_field(type, object, nodes, v);
      path_.pop_back();
      if (!ok) return false;
      out.emplace(key, std::move(v));
    }
    return true;
  }

  const field_def* find_field(const named_type& type, std::string_view name) const {
    if (name == "__typename") return &r_.types.typename_meta_field();
    if (&type == r_.types.query_type()) {
      if (name == "__schema") return &r_.types.schema_meta_field();
      if (name == "__type") return &r_.types.type_meta_field();
    }
    return type.find_field(name);
  }

  bool execute_field(const named_type& type, const std::any& object, const field_nodes& nodes, value& out) {
    const field& node = *nodes.front();
    if (node.name == "__typename") {
      out = value(type.name);
      return charge(json_size(out));
    }
    const field_def* def = find_field(type, node.name);
    if (!def) {  // validation rules this out; kept for safety
      out = nullptr;
      return true;
    }
    boost::json::object args;
    located_error arg_error;
    bool ok;
    if (!coerce_arguments(def->args, node.args, r_.variables, args, arg_error)) {
      if (arg_error.at.empty()) arg_error.at.push_back(node.at);
      add_error(std::move(arg_error.message), arg_error.at);
      ok = false;
    } else {
      parents_.push_back(&type);
      ok = complete(*def->type, nodes, resolve(*def, object, args), out);
      parents_.pop_back();
    }
    if (!ok && !def->type->is_non_null() && !over_budget_) {
      out = nullptr;
      return true;
    }
    return ok;
  }

  resolved resolve(const field_def& def, const std::any& object, const boost::json::object& args) {
    if (!def.resolve) return resolved::null();
    try {
      return def.resolve(field_context{object, args, r_.root});
    } catch (const std::exception& e) {
      return resolved::fail(e.what());
    }
  }

  bool complete(const type_ref& type, const field_nodes& nodes, const resolved& r, value& out) {
    if (r.what == resolved::kind::error) return fail(r.error, nodes);
    if (type.is_non_null()) {
      if (!complete(*type.of, nodes, r, out)) return false;
      if (out.is_null()) return fail("Cannot return null for non-nullable field " + parent_name(nodes) + ".", nodes);
      return true;
    }
    if (r.what == resolved::kind::null) {
      out = nullptr;
      return charge(4);
    }
    if (type.is_list()) return complete_list(type, nodes, r, out);
    const named_type& t = *type.named;
    if (t.is_leaf()) return complete_leaf(t, nodes, r, out);
    if (r.what != resolved::kind::object) return fail("Expected an object for field " + parent_name(nodes) + ".", nodes);
    const named_type* concrete = &t;
    if (t.is_abstract()) {
      concrete = r.type_name.empty() ? nullptr : r_.types.find_type(r.type_name);
      if (!concrete || concrete->kind != type_kind::object || !t.possible(*concrete))
        return fail("Abstract type \"" + t.name + "\" must resolve to an object type at runtime for field " + parent_name(nodes) + ".", nodes);
    }
    const grouped_fields& sub = subfields(*concrete, nodes);
    boost::json::object o;
    if (!execute_fields(*concrete, r.object, sub, o)) return false;
    out = std::move(o);
    return true;
  }

  bool complete_list(const type_ref& type, const field_nodes& nodes, const resolved& r, value& out) {
    if (r.what != resolved::kind::list) return fail("Expected Iterable, but did not find one for field " + parent_name(nodes) + ".", nodes);
    if (!charge(2)) return false;
    boost::json::array items;
    items.reserve(r.items.size());
    for (std::size_t i = 0; i < r.items.size(); ++i) {
      if (!charge(1)) return false;
      path_.emplace_back(static_cast<std::int64_t>(i));
      value item;
      bool ok = complete(*type.of, nodes, r.items[i], item);
      path_.pop_back();
      if (!ok) {
        if (type.of->is_non_null() || over_budget_) return false;
        item = nullptr;
      }
      items.push_back(std::move(item));
    }
    out = std::move(items);
    return true;
  }

  bool complete_leaf(const named_type& t, const field_nodes& nodes, const resolved& r, value& out) {
    if (r.what == resolved::kind::leaf) {
      if (t.kind == type_kind::enumeration) {
        if (r.leaf.is_string() && t.find_value(r.leaf.get_string())) {
          out = r.leaf;
          return charge(json_size(out));
        }
      } else if (auto v = t.scalar.serialize(r.leaf)) {
        out = std::move(*v);
        return charge(json_size(out));
      }
    }
    const std::string shown = r.what == resolved::kind::leaf ? boost::json::serialize(r.leaf) : "a non-leaf value";
    return fail(t.name + " cannot represent value: " + shown, nodes);
  }

  std::string parent_name(const field_nodes& nodes) const { return parents_.back()->name + "." + std::string(nodes.front()->name); }

  bool fail(const std::string& message, const field_nodes& nodes) {
    add_error(message, {nodes.front()->at});
    return false;
  }

  void add_error(std::string message, const std::vector<offset>& at) {
    if (!charge(message.size() + 32 * (at.size() + path_.size()) + 64)) return;
    boost::json::object e;
    e["message"] = std::move(message);
    boost::json::array locs;
    if (!map_) map_.emplace(r_.text);
    for (offset o : at) {
      const auto [line, column] = map_->line_column(o);
      locs.push_back(boost::json::object{{"line", line}, {"column", column}});
    }
    e["locations"] = std::move(locs);
    boost::json::array path;
    for (const auto& p : path_) path.push_back(p);
    e["path"] = std::move(path);
    errors_.push_back(std::move(e));
  }

  const execution_request& r_;
  std::optional<source_map> map_;
  std::vector<value> path_;
  std::vector<const named_type*> parents_;  // the object type of each field being completed
  boost::json::array errors_;
  std::map<std::pair<const named_type*, const field_nodes*>, grouped_fields> subfields_;
  std::size_t bytes_ = 0;  // the response's estimated size so far
  bool over_budget_ = false;
};

}  // namespace

boost::json::object execute_operation(const execution_request& request) { return executor(request).run(); }

}  // namespace wmpulse::graphql
