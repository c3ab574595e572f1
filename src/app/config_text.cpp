// The option table as text: --help, --print-config, the docs table and --version.
#include "app/config.hpp"
#include "app/options.hpp"
#include "core/text.hpp"

#ifndef WMPULSE_VERSION
#define WMPULSE_VERSION "unknown"
#endif
#ifndef WMPULSE_BUILD
#define WMPULSE_BUILD "unknown"
#endif

namespace wmpulse::app {
namespace {

constexpr std::size_t usage_width = 100;
constexpr std::size_t usage_indent = 32;

// Sections in table order.
std::vector<std::string_view> sections() {
  std::vector<std::string_view> out;
  for (const auto& o : options())
    if (out.empty() || out.back() != o.section) out.push_back(o.section);
  return out;
}

std::string join_env(const option& o, std::string_view sep) {
  std::string out;
  for (const auto& n : env_names(o)) out += (out.empty() ? "" : std::string(sep)) + n;
  return out;
}

// `left` then `text` wrapped at usage_width, continuation lines indented.
std::string usage_entry(const std::string& left, const std::string& text) {
  std::string out = "  " + left;
  std::size_t col = out.size();
  if (col + 1 >= usage_indent) {
    out += '\n';
    col = 0;
  }
  out += std::string(usage_indent - col, ' ');
  col = usage_indent;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t end = text.find(' ', i);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(i, end - i);
    if (col > usage_indent && col + 1 + word.size() > usage_width) {
      out += '\n' + std::string(usage_indent, ' ');
      col = usage_indent;
    } else if (col > usage_indent) {
      out += ' ';
      ++col;
    }
    out += word;
    col += word.size();
    i = end + 1;
  }
  return out + '\n';
}

std::string describe(const option& o) {
  std::string d = std::string(o.help) + " (";
  const std::string def = default_text(o);
  if (!def.empty()) d += "default " + def + "; ";
  return d + "env " + join_env(o, ", ") + "; file " + std::string(o.file_key) + ")";
}

std::string toml_value(const option& o, const std::string& v) {
  switch (o.kind) {
    case value_kind::integer:
    case value_kind::real:
    case value_kind::boolean: return v;
    case value_kind::list: {
      std::string out = "[";
      for (const auto& item : core::split_list(v)) out += (out.size() > 1 ? ", " : "") + core::quoted(item);
      return out + "]";
    }
    case value_kind::text:
    case value_kind::duration: break;
  }
  return core::quoted(v);
}

// "graphql.max_depth" → {"graphql", "max_depth"}; top-level keys have no table.
std::pair<std::string_view, std::string_view> split_key(std::string_view key) {
  const auto dot = key.find('.');
  if (dot == std::string_view::npos) return {{}, key};
  return {key.substr(0, dot), key.substr(dot + 1)};
}

std::string toml_line(const option& o, const config& c) {
  const std::string key(split_key(o.file_key).second);
  const std::string v = o.get(c);
  if (v.empty() && o.kind != value_kind::list) return "# " + key + " is unset\n";
  return key + " = " + (o.secret ? core::quoted("***") : toml_value(o, v)) + "\n";
}

}  // namespace

std::string usage() {
  std::string u = R"(wmpulse — real-time analytics for Genesys Cloud Web Messaging

Usage: wmpulse [options]
Every option can also come from the environment or the config file (docs/CONFIGURATION.md):
flags win over the environment, which wins over the file, which wins over the defaults.

)";
  u += usage_entry("--config FILE", "TOML config file (env WMPULSE_CONFIG)");
  u += usage_entry("--print-config", "print the effective configuration as TOML, secrets masked, and exit");
  u += usage_entry("--version", "print the version and build, and exit");
  u += usage_entry("--help", "this text");
  for (auto section : sections()) {
    u += "\n" + std::string(section) + "\n";
    for (const auto& o : options()) {
      if (o.section != section) continue;
      const std::string left = o.flag.empty() ? "env " + std::string(o.env)
                                              : "--" + std::string(o.flag) + (o.value_name.empty() ? "" : " " + std::string(o.value_name));
      u += usage_entry(left, describe(o));
    }
  }
  return u;
}

std::string print_config(const config& c) {
  std::string out = "# wmpulse effective configuration (flags > environment > ";
  out += c.config_file.empty() ? std::string("defaults") : "config file " + c.config_file + " > defaults";
  out += "); secrets masked\n";
  std::string_view table = "-";
  for (const auto& o : options()) {  // top-level keys first: TOML puts them before any table
    if (split_key(o.file_key).first.empty()) out += toml_line(o, c);
  }
  for (const auto& o : options()) {
    const auto t = split_key(o.file_key).first;
    if (t.empty()) continue;
    if (t != table) {
      out += "\n[" + std::string(t) + "]\n";
      table = t;
    }
    out += toml_line(o, c);
  }
  return out;
}

std::string options_markdown() {
  std::string md = "| Flag | Environment | File key | Default | Meaning |\n|---|---|---|---|---|\n";
  auto cell = [](std::string s) {
    if (s.empty()) return std::string("—");
    for (auto at = s.find('|'); at != std::string::npos; at = s.find('|', at + 2)) s.insert(at, "\\");
    return s;
  };
  for (const auto& o : options()) {
    const std::string flag = o.flag.empty() ? "" : "`--" + std::string(o.flag) + "`";
    const auto [table, key] = split_key(o.file_key);
    const std::string file = table.empty() ? "`" + std::string(key) + "`" : "`[" + std::string(table) + "] " + std::string(key) + "`";
    md += "| " + cell(flag) + " | `" + join_env(o, "`, `") + "` | " + file + " | " + cell(default_text(o)) + " | " +
          cell(std::string(o.help)) + (o.secret ? " (secret: masked by --print-config)" : "") + " |\n";
  }
  return md;
}

std::string version_text() { return std::string("wmpulse ") + WMPULSE_VERSION + " (build " + WMPULSE_BUILD + ")\n"; }

}  // namespace wmpulse::app
