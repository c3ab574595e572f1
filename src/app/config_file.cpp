#include "app/config_file.hpp"

#include <charconv>
#include <fstream>
#include <iterator>

#include <toml++/toml.h>

namespace wmpulse::app {
namespace {

// Per-queue tables ([queues."<id or name>"]) are reserved for thresholds and service level
// targets; their names are checked now so that files written today stay valid.
constexpr std::size_t max_queue_name_bytes = 256;

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

std::string check_queue_tables(const std::string& path, const toml::node& node) {
  const auto* queues = node.as_table();
  if (!queues) return where(path, {}, "queues") + ": expects tables [queues.\"<queue id or name>\"]";
  for (const auto& [name, body] : *queues) {
    const std::string_view n = name.str();
    const std::string at = where(path, "queues.\"" + std::string(n) + "\"", "");
    if (n.empty() || n.size() > max_queue_name_bytes)
      return at + ": a queue id or name has 1 to " + std::to_string(max_queue_name_bytes) + " bytes";
    for (char ch : n)
      if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) return at + ": a queue name has no control characters";
    const auto* fields = body.as_table();
    if (!fields) return at + ": expects a table";
    // No per-queue field exists yet: every key is unknown.
    if (!fields->empty()) return where(path, "queues.\"" + std::string(n) + "\"", fields->cbegin()->first.str()) + ": unknown key";
  }
  return {};
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

std::string read_table(const std::string& path, std::string_view name, const toml::table& t, std::vector<file_setting>& out) {
  for (const auto& [key, node] : t) {
    if (name.empty() && key.str() == "queues") {
      if (auto e = check_queue_tables(path, node); !e.empty()) return e;
      continue;
    }
    const auto* sub = node.as_table();
    if (!sub || !name.empty()) {
      if (auto e = read_key(path, name, key.str(), node, out); !e.empty()) return e;
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
  r.error = read_table(path, {}, root, r.settings);
  return r;
}

}  // namespace wmpulse::app
