#include "graphql/parser.hpp"

#include <stdexcept>

#include "graphql/lexer.hpp"

namespace wmpulse::graphql {
namespace {

// Thrown inside the parser only, caught by parse(): unwinds the recursion on the first error.
struct syntax_failure {
  located_error error;
};

bool is_type_system_keyword(std::string_view n) {
  return n == "schema" || n == "scalar" || n == "type" || n == "interface" || n == "union" || n == "enum" ||
         n == "input" || n == "directive" || n == "extend";
}

class parser {
public:
  parser(std::string_view text, const parse_limits& limits) : lexer_(text), limits_(limits) {}

  document run() {
    advance();
    document doc;
    if (tok_.kind == token_kind::eof) unexpected();
    while (tok_.kind != token_kind::eof) definition(doc);
    doc.token_count = tokens_;
    for (std::size_t i = 0; i < doc.fragments.size(); ++i) doc.fragment_index.try_emplace(doc.fragments[i].name, i);
    return doc;
  }

private:
  [[noreturn]] void fail_at(offset at, std::string message) { throw syntax_failure{{"Syntax Error: " + std::move(message), {at}}}; }
  std::string desc(const token& t) const {
    std::string d(describe(t.kind));
    if (t.kind == token_kind::name || t.kind == token_kind::int_ || t.kind == token_kind::float_) d += " \"" + std::string(t.raw) + "\"";
    if (t.kind == token_kind::string || t.kind == token_kind::block_string) d += " \"" + t.value + "\"";
    return d;
  }
  [[noreturn]] void unexpected() { fail_at(tok_.start, "Unexpected " + desc(tok_) + "."); }

  void advance() {
    located_error e;
    if (!lexer_.next(tok_, e)) throw syntax_failure{std::move(e)};
    if (tok_.kind != token_kind::eof && ++tokens_ > limits_.max_tokens)
      fail_at(tok_.start, "Document contains more than " + std::to_string(limits_.max_tokens) + " tokens. Parsing aborted.");
  }
  bool peek(token_kind k) const { return tok_.kind == k; }
  bool peek_keyword(std::string_view k) const { return tok_.kind == token_kind::name && tok_.raw == k; }
  offset expect(token_kind k) {
    if (tok_.kind != k) fail_at(tok_.start, "Expected " + std::string(describe(k)) + ", found " + desc(tok_) + ".");
    const offset at = tok_.start;
    advance();
    return at;
  }
  bool skip(token_kind k) {
    if (tok_.kind != k) return false;
    advance();
    return true;
  }
  void expect_keyword(std::string_view k) {
    if (!peek_keyword(k)) fail_at(tok_.start, "Expected \"" + std::string(k) + "\", found " + desc(tok_) + ".");
    advance();
  }
  std::string_view name() {
    if (tok_.kind != token_kind::name) expect(token_kind::name);
    const std::string_view n = tok_.raw;
    advance();
    return n;
  }
  struct nesting_guard {
    parser& p;
    explicit nesting_guard(parser& pp) : p(pp) {
      if (++p.nesting_ > p.limits_.max_nesting) p.fail_at(p.tok_.start, "Document nesting is deeper than " + std::to_string(p.limits_.max_nesting) + ".");
    }
    ~nesting_guard() { --p.nesting_; }
  };

  void definition(document& doc) {
    if (peek(token_kind::brace_l)) return operation(doc);
    if (peek(token_kind::string) || peek(token_kind::block_string)) {
      lexer probe = lexer_;
      token next;
      located_error ignored;
      if (probe.next(next, ignored) && next.kind == token_kind::name && is_type_system_keyword(next.raw)) {
        advance();
        return foreign(doc);
      }
      // graphql-js 16 also accepts a description before an operation or a fragment.
      if (next.kind == token_kind::name && (next.raw == "query" || next.raw == "mutation" ||
                                            next.raw == "subscription" || next.raw == "fragment")) {
        advance();
        return next.raw == "fragment" ? fragment(doc) : operation(doc);
      }
      fail_at(tok_.start, "Unexpected description, descriptions are supported only on type definitions.");
    }
    if (tok_.kind == token_kind::name) {
      if (tok_.raw == "query" || tok_.raw == "mutation" || tok_.raw == "subscription") return operation(doc);
      if (tok_.raw == "fragment") return fragment(doc);
      if (is_type_system_keyword(tok_.raw)) return foreign(doc);
    }
    unexpected();
  }

  // Skips a type-system definition: up to and including its braced body, or up to the next
  // definition when it has none. Keeps its name for the error ("schema" for a schema).
  void foreign(document& doc) {
    const offset at = tok_.start;
    if (peek_keyword("extend")) advance();
    const bool is_schema = peek_keyword("schema");
    if (tok_.kind == token_kind::name) advance();
    if (peek(token_kind::at)) advance();
    doc.foreign.push_back({is_schema || tok_.kind != token_kind::name ? std::string_view("schema") : tok_.raw, at});
    int depth = 0;
    while (!peek(token_kind::eof)) {
      if (depth == 0 && tok_.kind == token_kind::name &&
          (is_type_system_keyword(tok_.raw) || tok_.raw == "query" || tok_.raw == "mutation" ||
           tok_.raw == "subscription" || tok_.raw == "fragment"))
        return;
      if (peek(token_kind::brace_l) || peek(token_kind::paren_l) || peek(token_kind::bracket_l)) ++depth;
      if (peek(token_kind::brace_r) || peek(token_kind::paren_r) || peek(token_kind::bracket_r)) --depth;
      const bool closed_body = depth == 0 && peek(token_kind::brace_r);
      advance();
      if (closed_body) return;
    }
  }

  void operation(document& doc) {
    operation_definition op;
    op.at = tok_.start;
    if (!peek(token_kind::brace_l)) {
      const std::string_view k = name();
      if (k == "query") op.kind = operation_kind::query;
      else if (k == "mutation") op.kind = operation_kind::mutation;
      else op.kind = operation_kind::subscription;
      if (peek(token_kind::name)) {
        op.name_at = tok_.start;
        op.name = name();
      }
      if (skip(token_kind::paren_l)) {
        do op.variables.push_back(parse_variable_definition()); while (!skip(token_kind::paren_r));
      }
      op.directives = directives(false);
    }
    op.selections = parse_selection_set();
    doc.operations.push_back(std::move(op));
  }

  variable_definition parse_variable_definition() {
    variable_definition v;
    v.at = expect(token_kind::dollar);
    v.name_at = tok_.start;
    v.name = name();
    expect(token_kind::colon);
    v.type = parse_type();
    if (skip(token_kind::equals)) v.default_value = value(true);
    v.directives = directives(true);
    return v;
  }

  std::shared_ptr<const type_node> parse_type() {
    nesting_guard g(*this);
    auto t = std::make_shared<type_node>();
    t->at = tok_.start;
    if (skip(token_kind::bracket_l)) {
      t->what = type_node::kind::list;
      t->of = parse_type();
      expect(token_kind::bracket_r);
    } else {
      t->name = name();
    }
    if (peek(token_kind::bang)) {
      advance();
      auto nn = std::make_shared<type_node>();
      nn->what = type_node::kind::non_null;
      nn->at = t->at;
      nn->of = std::move(t);
      return nn;
    }
    return t;
  }

  void fragment(document& doc) {
    fragment_definition f;
    f.at = tok_.start;
    expect_keyword("fragment");
    if (peek_keyword("on")) unexpected();
    f.name_at = tok_.start;
    f.name = name();
    expect_keyword("on");
    f.type_at = tok_.start;
    f.type_condition = name();
    f.directives = directives(false);
    f.selections = parse_selection_set();
    doc.fragments.push_back(std::move(f));
  }

  selection_set parse_selection_set() {
    nesting_guard g(*this);
    selection_set s;
    s.at = expect(token_kind::brace_l);
    do s.items.push_back(parse_selection()); while (!skip(token_kind::brace_r));
    return s;
  }

  selection parse_selection() {
    if (peek(token_kind::spread)) return fragment_selection();
    field f;
    f.at = tok_.start;
    f.name = name();
    if (skip(token_kind::colon)) {
      f.alias = f.name;
      f.name = name();
    }
    f.args = arguments(false);
    f.directives = directives(false);
    if (peek(token_kind::brace_l)) {
      f.selections = parse_selection_set();
      f.has_selections = true;
    }
    return {std::move(f)};
  }

  selection fragment_selection() {
    const offset at = expect(token_kind::spread);
    const bool has_type = peek_keyword("on");
    if (has_type) advance();
    if (!has_type && peek(token_kind::name)) {
      fragment_spread s;
      s.at = at;
      s.name_at = tok_.start;
      s.name = name();
      s.directives = directives(false);
      return {std::move(s)};
    }
    inline_fragment i;
    i.at = at;
    if (has_type) {
      i.type_at = tok_.start;
      i.type_condition = name();
    }
    i.directives = directives(false);
    i.selections = parse_selection_set();
    return {std::move(i)};
  }

  std::vector<argument> arguments(bool is_const) {
    std::vector<argument> args;
    if (!skip(token_kind::paren_l)) return args;
    do {
      argument a;
      a.at = tok_.start;
      a.name = name();
      expect(token_kind::colon);
      a.value = value(is_const);
      args.push_back(std::move(a));
    } while (!skip(token_kind::paren_r));
    return args;
  }

  std::vector<directive> directives(bool is_const) {
    std::vector<directive> ds;
    while (peek(token_kind::at)) {
      directive d;
      d.at = tok_.start;
      advance();
      d.name = name();
      d.args = arguments(is_const);
      ds.push_back(std::move(d));
    }
    return ds;
  }

  ast_value value(bool is_const) {
    nesting_guard g(*this);
    ast_value v;
    v.at = tok_.start;
    switch (tok_.kind) {
      case token_kind::bracket_l:
        advance();
        v.what = ast_value::kind::list;
        while (!skip(token_kind::bracket_r)) v.items.push_back(value(is_const));
        return v;
      case token_kind::brace_l:
        advance();
        v.what = ast_value::kind::object;
        while (!skip(token_kind::brace_r)) {
          v.field_at.push_back(tok_.start);
          const std::string_view n = name();
          expect(token_kind::colon);
          v.fields.push_back(object_field{n, value(is_const)});
        }
        return v;
      case token_kind::int_:
      case token_kind::float_:
        v.what = tok_.kind == token_kind::int_ ? ast_value::kind::int_ : ast_value::kind::float_;
        v.raw = tok_.raw;
        advance();
        return v;
      case token_kind::string:
      case token_kind::block_string:
        v.what = ast_value::kind::string;
        v.text = std::move(tok_.value);
        advance();
        return v;
      case token_kind::name:
        v.raw = tok_.raw;
        if (v.raw == "true" || v.raw == "false") {
          v.what = ast_value::kind::boolean;
          v.boolean = v.raw == "true";
        } else {
          v.what = v.raw == "null" ? ast_value::kind::null : ast_value::kind::enum_;
        }
        advance();
        return v;
      case token_kind::dollar:
        advance();
        if (is_const) {
          if (peek(token_kind::name)) fail_at(v.at, "Unexpected variable \"$" + std::string(tok_.raw) + "\" in constant value.");
          unexpected();
        }
        v.what = ast_value::kind::variable;
        v.raw = name();
        return v;
      default:
        unexpected();
    }
  }

  lexer lexer_;
  parse_limits limits_;
  token tok_;
  std::size_t tokens_ = 0;
  std::size_t nesting_ = 0;
};

}  // namespace

core::result<document, located_error> parse(std::string_view text, const parse_limits& limits) {
  try {
    return parser(text, limits).run();
  } catch (syntax_failure& f) {
    return core::failure{std::move(f.error)};
  }
}

}  // namespace wmpulse::graphql
