#pragma once
// The simulator's command line (docs/SIMULATOR.md; `wmpulse-sim --help`).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/simulator.hpp"

namespace wmpulse::sim {

struct cli_config {
  sim_options sim;
  std::uint16_t port = 4100;
  std::optional<std::uint16_t> login_port;   // login role on its own listener
  std::optional<std::uint16_t> stream_port;  // streaming role on its own listener
  bool tls = false;
  std::string ca_out;
  std::string log_level = "info";
  bool help = false;
};

// False with `error` set on a bad command line.
bool parse_cli(const std::vector<std::string>& args, cli_config& out, std::string& error);

std::string help_text();

}  // namespace wmpulse::sim
