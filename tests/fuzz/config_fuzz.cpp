// libFuzzer target: configuration parsing. The input is an environment and a command line:
// "NAME=value" lines up to the first empty line, then one argument per line. It goes through
// app::parse_config and, for the Genesys source, genesys::config_from_flags over the same
// environment, as the service does at start. A secret file names a fixed file (the fuzzer must
// not read the machine's files). Invariants: nothing throws, a failure has a message, and no
// message ever contains the client secret or the events token.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "app/config.hpp"
#include "fuzz_input.hpp"
#include "genesys/config.hpp"

namespace app = wmpulse::app;
namespace gen = wmpulse::genesys;

namespace {

const std::string& secret_file() {
  static const std::string path = [] {
    auto p = std::filesystem::temp_directory_path() / ("wmpulse-config-fuzz-" + std::to_string(::getpid()));
    std::ofstream(p) << "secret-from-file-0123456789\n";
    return p.string();
  }();
  return path;
}

struct command {
  std::map<std::string, std::string> env;
  std::vector<std::string> args;
};

command decode(std::string_view input) {
  command c;
  bool in_env = true;
  for (std::string_view line : wmpulse::fuzz::split(input, '\n')) {
    if (in_env && line.empty()) {
      in_env = false;
    } else if (in_env) {
      const auto eq = line.find('=');
      std::string name(line.substr(0, eq));
      std::string value(eq == std::string_view::npos ? std::string_view{} : line.substr(eq + 1));
      if (name.ends_with("_FILE")) value = secret_file();
      c.env[std::move(name)] = std::move(value);
    } else {
      c.args.emplace_back(line);
    }
  }
  return c;
}

// A secret must not appear in `message` unless the input put it there some other way too.
void check_hidden(const command& c, const std::string& message, const char* secret_name) {
  auto it = c.env.find(secret_name);
  if (it == c.env.end() || it->second.size() < 12 || message.find(it->second) == std::string::npos) return;
  for (const auto& [name, value] : c.env)
    if (name != secret_name && value.find(it->second) != std::string::npos) return;
  for (const auto& a : c.args)
    if (a.find(it->second) != std::string::npos) return;
  std::abort();
}

void check_message(const command& c, const std::string& message) {
  if (message.empty()) std::abort();
  check_hidden(c, message, "WMPULSE_EVENTS_TOKEN");
  check_hidden(c, message, "GENESYS_CLOUD_CLIENT_SECRET");
  check_hidden(c, message, "GENESYS_CLIENT_SECRET");
  if (message.find("secret-from-file-0123456789") != std::string::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const command c = decode(wmpulse::fuzz::as_text(data, size));
  auto out = app::parse_config(c.args, c.env);
  if (!out.cfg) {
    if (!out.help_requested) check_message(c, out.error);
    return 0;
  }
  for (const auto& [name, value] : out.cfg->genesys_flags) (void)gen::parse_utc_offset(value);
  if (out.cfg->source != app::source_kind::genesys) return 0;
  const gen::env_lookup env = [&c](std::string_view name) -> std::optional<std::string> {
    auto it = c.env.find(std::string(name));
    if (it == c.env.end()) return std::nullopt;
    return it->second;
  };
  auto g = gen::config_from_flags(out.cfg->genesys_flags, out.cfg->ca_file, env);
  if (!g) check_message(c, g.error().message);
  return 0;
}
