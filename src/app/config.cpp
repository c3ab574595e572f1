#include "app/config.hpp"

#include "app/config_file.hpp"
#include "app/options.hpp"

namespace wmpulse::app {
namespace {

// Options about the command itself, not settings: they have no environment name or file key
// (except --config's WMPULSE_CONFIG).
constexpr std::string_view config_flag = "config";
constexpr std::string_view config_env = "WMPULSE_CONFIG";
constexpr std::string_view action_switches[] = {"print-config", "version"};

bool is_switch(std::string_view name) {
  for (auto a : action_switches)
    if (name == a) return true;
  const option* o = option_by_flag(name);
  return o && o->kind == value_kind::boolean;
}

struct flag_value {
  std::string name;
  std::string value;
};

// Splits the command line into --name value pairs; only the names are checked here.
std::string split_flags(const std::vector<std::string>& args, std::vector<flag_value>& out) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0) return "unexpected argument '" + arg + "' (see --help)";
    std::string name = arg.substr(2), value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    } else if (is_switch(name)) {
      value = "true";
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return "--" + name + " needs a value";
    }
    if (name != config_flag && !is_switch(name) && !option_by_flag(name)) return "unknown option --" + name + " (see --help)";
    out.push_back({std::move(name), std::move(value)});
  }
  return {};
}

std::string apply(const option& o, config& c, const std::string& value, const std::string& where) {
  if (auto e = o.set(c, value); !e.empty()) return where + ": " + e;
  return {};
}

std::string apply_file(config& c, const std::string& path) {
  auto read = read_config_file(path);
  if (!read.error.empty()) return read.error;
  for (const auto& s : read.settings)
    if (auto e = apply(*s.opt, c, s.value, s.where); !e.empty()) return e;
  c.thresholds = std::move(read.thresholds);
  c.config_file = path;
  return {};
}

// The first non-empty of the option's environment names.
std::string apply_environment(config& c, const std::map<std::string, std::string>& env) {
  for (const auto& o : options()) {
    for (const auto& name : env_names(o)) {
      auto it = env.find(name);
      if (it == env.end() || it->second.empty()) continue;
      if (auto e = apply(o, c, it->second, "environment " + name); !e.empty()) return e;
      break;
    }
  }
  return {};
}

std::string apply_flags(config& c, const std::vector<flag_value>& flags) {
  for (const auto& f : flags)
    if (const option* o = option_by_flag(f.name))
      if (auto e = apply(*o, c, f.value, "--" + f.name); !e.empty()) return e;
  return {};
}

std::string check_consistency(const config& c) {
  if (c.source == source_kind::tutorial && c.events_url.empty())
    return "--source tutorial needs --events-url ws://… or wss://…";
  if (c.source == source_kind::replay && c.replay_file.empty()) return "--source replay needs --replay-file FILE";
  return {};
}

}  // namespace

std::string_view to_string(source_kind k) {
  switch (k) {
    case source_kind::genesys: return "genesys";
    case source_kind::tutorial: return "tutorial";
    case source_kind::generator: return "generator";
    case source_kind::replay: return "replay";
    case source_kind::none: return "none";
  }
  return "unknown";
}

// Defaults, then the file, the environment and the flags, each over the one before.
parse_outcome parse_config(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  parse_outcome out;
  for (const auto& a : args)
    if (a == "--help" || a == "-h") return {std::nullopt, usage(), true};
  std::vector<flag_value> flags;
  if (auto e = split_flags(args, flags); !e.empty()) return {std::nullopt, e};
  std::string file;
  if (auto it = env.find(std::string(config_env)); it != env.end()) file = it->second;
  for (const auto& f : flags) {
    if (f.name == "version") out.version_requested = f.value == "true";
    if (f.name == "print-config") out.print_config_requested = f.value == "true";
    if (f.name == config_flag) file = f.value;
  }
  if (out.version_requested) return out;
  config c;
  std::string e = file.empty() ? std::string() : apply_file(c, file);
  if (e.empty()) e = apply_environment(c, env);
  if (e.empty()) e = apply_flags(c, flags);
  if (e.empty()) e = check_consistency(c);
  if (!e.empty()) {
    out.error = std::move(e);
    return out;
  }
  out.cfg = std::move(c);
  return out;
}

}  // namespace wmpulse::app
