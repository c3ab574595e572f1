#pragma once
// The one table of the service's options. Each row names an option everywhere it can be set
// (flag, environment, config file), parses and prints its value and explains it; the flag
// parser, the environment and file readers, --print-config, --help and the documentation
// test all walk this table, so an option added here exists everywhere at once.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "app/config.hpp"

namespace wmpulse::app {

// How a value is written in the config file and printed by --print-config.
enum class value_kind { text, integer, real, boolean, duration, list };

struct option {
  std::string_view flag;         // without "--"; empty: no flag (secrets stay out of `ps`)
  std::string_view file_key;     // "graphql.max_depth": [graphql] max_depth; "source": top level
  std::string_view env;          // WMPULSE_<FLAG>, or the name Genesys' own tools use
  std::string_view env_aliases;  // older names read when `env` is unset, comma list
  std::string_view value_name;   // "N", "DURATION", … in --help
  std::string_view section;      // heading in --help and the docs
  std::string_view help;
  value_kind kind = value_kind::text;
  bool secret = false;                                          // masked by --print-config
  std::string_view default_note;                                // instead of the computed default
  std::function<std::string(config&, const std::string&)> set;  // "" = ok, else the problem
  std::function<std::string(const config&)> get;                // the value as text ("" = unset)
};

const std::vector<option>& options();
const option* option_by_flag(std::string_view flag);
const option* option_by_file_key(std::string_view key);

// The default (or its note) as the docs and --help show it.
std::string default_text(const option& o);
// Every environment name of an option, primary first.
std::vector<std::string> env_names(const option& o);

}  // namespace wmpulse::app
