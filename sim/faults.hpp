#pragma once
// Scripted faults. Rates (duplicate, reorder, garbage) act on every published snapshot and
// draw from a seeded stream, so a seed reproduces them; one-shot faults come from
// `--fault TYPE@SECONDS[,key=value…]` (simulated seconds after the start) or POST /sim/fault.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace wmpulse::sim {

using core::millis;

struct fault_rates {
  double duplicate = 0;     // share of snapshots delivered twice
  double reorder = 0;       // share of snapshots held back behind later ones
  int reorder_horizon = 5;  // at most this many later snapshots overtake a held one
  double garbage = 0;       // share of snapshots preceded by a garbage frame
  unsigned slow_ms = 0;     // every API answer delayed by this much (wall time)
};

// One fault: type plus its parameters (all optional; defaults documented in docs/SIMULATOR.md).
// Types: drop, socket_closing, revoke_tokens, burst_429, slow, garbage, evict, gap,
//        duplicate, reorder, hold_details, release_details.
struct fault_command {
  std::string type;
  std::map<std::string, std::string> params;
  double number(const std::string& key, double fallback) const;
  std::string text(const std::string& key) const;
};

struct scheduled_fault {
  millis offset_ms = 0;  // simulated time after the workload start
  fault_command command;
};

// Parses "TYPE@SECONDS[,key=value…]"; nullopt with `error` set when malformed.
std::optional<scheduled_fault> parse_fault_spec(const std::string& spec, std::string& error);

bool known_fault_type(const std::string& type);

}  // namespace wmpulse::sim
