#include "app/web_config.hpp"

#include <fstream>
#include <iterator>
#include <toml++/toml.h>

namespace wmpulse::app {
namespace {

using problem = std::string;  // empty: none

problem read_roles(const toml::table& entry, server::role_set& roles) {
  const auto* list = entry.get_as<toml::array>("roles");
  if (!list) return "needs roles = [\"viewer\"] and/or [\"metrics\"]";
  for (const auto& item : *list) {
    const auto* name = item.as_string();
    const auto r = name ? server::role_from_name(name->get()) : std::nullopt;
    if (!r) return "roles may hold only \"viewer\" and \"metrics\"";
    roles |= server::bit(*r);
  }
  return {};
}

problem read_text(const toml::table& entry, const char* key, std::string& out) {
  const auto* v = entry.get_as<std::string>(key);
  if (!v) return std::string("needs ") + key + " (a string)";
  out = v->get();
  return {};
}

problem unknown_keys(const toml::table& entry, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : entry) {
    bool ok = false;
    for (auto k : known) ok = ok || key.str() == k;
    if (!ok) return "unknown key \"" + std::string(key.str()) + "\"";
  }
  return {};
}

problem read_user(const toml::table& t, server::access_user& u) {
  problem p = unknown_keys(t, {"name", "password_hash", "roles"});
  if (p.empty()) p = read_text(t, "name", u.name);
  if (p.empty()) p = read_text(t, "password_hash", u.password_hash);
  if (p.empty()) p = read_roles(t, u.roles);
  return p;
}

problem read_token(const toml::table& t, server::access_token& tok) {
  problem p = unknown_keys(t, {"name", "sha256", "roles"});
  if (p.empty()) p = read_text(t, "name", tok.name);
  if (p.empty()) p = read_text(t, "sha256", tok.sha256);
  if (p.empty()) p = read_roles(t, tok.roles);
  return p;
}

// Each [[name]] entry through `read`; the first problem, naming the entry.
template <class Entry, class Read>
problem read_entries(const toml::table& root, const char* name, std::vector<Entry>& out, Read read) {
  const toml::node* node = root.get(name);
  if (!node) return {};
  const auto* list = node->as_array();
  if (!list) return std::string("\"") + name + "\" must be a list of tables ([[" + name + "]])";
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto* t = (*list)[i].as_table();
    Entry e;
    problem p = t ? read(*t, e) : "is not a table";
    if (!p.empty()) return "[[" + std::string(name) + "]] entry " + std::to_string(i + 1) + ": " + p;
    out.push_back(std::move(e));
  }
  return {};
}

}  // namespace

core::result<server::access_config, std::string> read_web_config(const std::string& path) {
  const std::string where = "web config file " + path + ": ";
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::failure{where + "cannot be read"};
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return core::failure{where + "line " + std::to_string(e.source().begin.line) + ": " + std::string(e.description())};
  }
  server::access_config cfg;
  problem p = unknown_keys(root, {"users", "tokens"});
  if (p.empty()) p = read_entries(root, "users", cfg.users, read_user);
  if (p.empty()) p = read_entries(root, "tokens", cfg.tokens, read_token);
  if (p.empty()) p = server::access_config_problem(cfg);
  if (p.empty() && cfg.open()) p = "lists no [[users]] and no [[tokens]]; without --web-config-file access is open";
  if (!p.empty()) return core::failure{where + p};
  return cfg;
}

}  // namespace wmpulse::app
