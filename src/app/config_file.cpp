#include "app/config_file.hpp"

#include <charconv>
#include <fstream>
#include <iterator>

#include <toml++/toml.h>

#include "app/thresholds_file.hpp"

namespace wmpulse::app {
namespace {

std::string where(const std::string& path, std::string_view table, std::string_view key) {
  std::string w = "config file " + path + ": ";
  if (!table.empty()) w += "[" + std::string(table) + "]" + (key.empty() ? "" : " ");
  return w + std::string(key);
}

bool is_section(std::string_view name) {
  for (const auto& o : options())
    if (o.file_key.size() > name.size() && o.file_key.starts_with(name) && o.file_key[name.size()] == '.') return true;
  return false;
}

// A scalar as the text a flag would carry; lists as "a,b". Empty optional: not a value.
std::optional<std::string> value_text(const toml::node& n, bool list_allowed) {
  if (auto s = n.value_exact<std::string>()) return *s;
  if (auto i = n.value_exact<std::int64_t>()) return std::to_string(*i);
  if (auto b = n.value_exact<bool>()) return *b ? "true" : "false";
  if (auto d = n.value_exact<double>()) {
    char buf[32];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, *d);
    return std::string(buf, ec == std::errc() ? p : buf);
  }
  if (const auto* a = n.as_array(); a && list_allowed) {
    std::string out;
    for (const auto& item : *a) {
      auto t = value_text(item, false);
      if (!t) return std::nullopt;
      out += (out.empty() ? "" : ",") + *t;
    }
    return out;
  }
  return std::nullopt;
}

// One key of the file (`table` empty at the top level); appends its setting or says why not.
std::string read_key(const std::string& path, std::string_view table, std::string_view key, const toml::node& n,
                     std::vector<file_setting>& out) {
  const std::string full = table.empty() ? std::string(key) : std::string(table) + "." + std::string(key);
  const option* o = option_by_file_key(full);
  if (!o) return where(path, table, key) + ": unknown key";
  auto text = value_text(n, o->kind == value_kind::list);
  if (!text) return where(path, table, key) + ": expects a " + (o->kind == value_kind::list ? "list or a " : "") + "value, not a " + (n.is_table() ? "table" : "list");
  out.push_back({o, std::move(*text), where(path, table, key)});
  return {};
}

std::string read_table(const std::string& path, std::string_view name, const toml::table& t, file_read& out) {
  for (const auto& [key, node] : t) {
    if (name.empty() && key.str() == "thresholds") {
      if (auto e = read_thresholds(path, node, out.thresholds); !e.empty()) return e;
      continue;
    }
    const auto* sub = node.as_table();
    if (!sub || !name.empty()) {
      if (auto e = read_key(path, name, key.str(), node, out.settings); !e.empty()) return e;
      continue;
    }
    if (!is_section(key.str())) return where(path, key.str(), "") + ": unknown table";
    if (auto e = read_table(path, key.str(), *sub, out); !e.empty()) return e;
  }
  return {};
}

}  // namespace

file_read read_config_file(const std::string& path) {
  file_read r;
  toml::table root;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    r.error = "config file " + path + ": cannot be read";
    return r;
  }
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    r.error = "config file " + path + ": line " + std::to_string(at.line) + ", column " + std::to_string(at.column) +
              ": " + std::string(e.description());
    return r;
  }
  r.error = read_table(path, {}, root, r);
  return r;
}

}  // namespace wmpulse::app
