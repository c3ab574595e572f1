// wmpulse: args -> config -> service.
#include <csignal>
#include <cstdio>
#include <exception>
#include <map>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "app/service.hpp"
#include "server/fd_limit.hpp"

extern char** environ;

int main(int argc, char** argv) {
  // A write to a closed pipe (stderr or stdout gone, a peer that hung up) must be an error on
  // that write, never the end of the service.
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    if (auto eq = kv.find('='); eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  auto parsed = wmpulse::app::parse_config(args, env);
  if (parsed.help_requested) {
    std::fputs(parsed.error.c_str(), stdout);
    return 0;
  }
  if (parsed.version_requested) {
    std::fputs(wmpulse::app::version_text().c_str(), stdout);
    return 0;
  }
  if (!parsed.cfg) {
    std::fprintf(stderr, "wmpulse: %s\n", parsed.error.c_str());
    return 2;
  }
  if (parsed.print_config_requested) {
    std::fputs(wmpulse::app::print_config(*parsed.cfg).c_str(), stdout);
    return 0;
  }
  wmpulse::core::set_log_format(parsed.cfg->log_format);
  wmpulse::core::add_log_secret(parsed.cfg->events_token);
  // One descriptor per client: the connection caps, not the default soft limit, decide.
  if (auto fds = wmpulse::server::raise_open_file_limit(); !fds.error.empty())
    std::fprintf(stderr, "wmpulse: %s\n", fds.error.c_str());
  try {
    return wmpulse::app::run_until_signal(*parsed.cfg);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wmpulse: %s\n", e.what());
    return 1;
  }
}
