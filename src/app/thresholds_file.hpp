#pragma once
// The [thresholds] part of the config file: [thresholds.default] and
// [thresholds.queue."<queue id or name>"] (docs/CONFIGURATION.md "Thresholds").
#include <string>

#include <toml++/toml.h>

#include "metrics/thresholds.hpp"

namespace wmpulse::app {

// Reads `node` (the value of the top-level key `thresholds`) into `out`; the error names the
// file, the table and the key, empty when the tables are good.
std::string read_thresholds(const std::string& path, const toml::node& node, metrics::thresholds& out);

}  // namespace wmpulse::app
