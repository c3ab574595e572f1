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
#include <system_error>
#include <vector>

#include <unistd.h>

#include "app/config.hpp"
#include "core/counting_period.hpp"
#include "fuzz_input.hpp"
#include "genesys/config.hpp"

namespace app = wmpulse::app;
namespace gen = wmpulse::genesys;

namespace {

constexpr std::string_view file_secret = "secret-from-file-0123456789";

// A secret file for the run, removed at exit.
struct temporary_secret_file {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("wmpulse-config-fuzz-" + std::to_string(::getpid()));
  temporary_secret_file() { std::ofstream(path) << file_secret << "\n"; }
  ~temporary_secret_file() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

std::string secret_file() {
  static const temporary_secret_file file;
  return file.path.string();
}

// Appended to every secret so that a secret can never be a piece of a fixed message text.
constexpr std::string_view canary = "\x7f-canary-\x7f";
constexpr const char* secret_names[] = {"WMPULSE_EVENTS_TOKEN", "GENESYS_CLOUD_CLIENT_SECRET", "GENESYS_CLIENT_SECRET"};

bool is_secret(std::string_view name) {
  for (std::string_view s : secret_names)
    if (s == name) return true;
  return false;
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
      if (is_secret(name)) value += canary;
      c.env[std::move(name)] = std::move(value);
    } else {
      c.args.emplace_back(line);
    }
  }
  return c;
}

// Whether the input carries `text` other than in the environment variable `except`.
bool given_elsewhere(const command& c, std::string_view text, std::string_view except) {
  for (const auto& [name, value] : c.env)
    if (name != except && (value.find(text) != std::string::npos || name.find(text) != std::string::npos)) return true;
  for (const auto& a : c.args)
    if (a.find(text) != std::string::npos) return true;
  return false;
}

// A secret must not appear in `message` unless the input put it there some other way too.
// Secrets end with the canary, so a short one cannot match a piece of a fixed text either.
void check_hidden(const command& c, const std::string& message, std::string_view secret, std::string_view env_name) {
  if (message.find(secret) == std::string::npos) return;
  if (!given_elsewhere(c, secret, env_name)) std::abort();
}

void check_hidden_env(const command& c, const std::string& message, const char* env_name) {
  if (auto it = c.env.find(env_name); it != c.env.end()) check_hidden(c, message, it->second, env_name);
}

void check_message(const command& c, const std::string& message) {
  if (message.empty()) std::abort();
  for (const char* name : secret_names) check_hidden_env(c, message, name);
  check_hidden(c, message, file_secret, {});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const command c = decode(wmpulse::fuzz::as_text(data, size));
  auto out = app::parse_config(c.args, c.env);
  if (!out.cfg) {
    if (!out.help_requested) check_message(c, out.error);
    return 0;
  }
  for (const auto& [name, value] : out.cfg->genesys_flags) (void)wmpulse::core::parse_utc_offset(value);
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
