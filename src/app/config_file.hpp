#pragma once
// Reads the TOML config file into option values (as text, for the options' own parsers).
// Keys follow app/options.hpp (`[graphql] max_depth`); unknown keys, values of the wrong shape
// and malformed TOML are errors naming the file and the key.
#include <string>
#include <vector>

#include "app/options.hpp"
#include "metrics/thresholds.hpp"

namespace wmpulse::app {

struct file_setting {
  const option* opt;
  std::string value;
  std::string where;  // "config file /x.toml: [graphql] max_depth"
};

struct file_read {
  std::vector<file_setting> settings;
  metrics::thresholds thresholds;  // [thresholds.default], [thresholds.queue."<id or name>"]
  std::string error;  // non-empty: the file is refused
};

file_read read_config_file(const std::string& path);

}  // namespace wmpulse::app
