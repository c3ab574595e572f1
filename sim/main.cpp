// wmpulse-sim: command line -> simulator + listeners -> run until SIGINT/SIGTERM.
#include <fstream>
#include <iostream>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "net/run_guarded.hpp"
#include "sim/cli.hpp"
#include "sim/server.hpp"
#include "sim/tls_cert.hpp"

using namespace wmpulse;

namespace {

std::vector<sim::listen_spec> listeners_of(const sim::cli_config& c) {
  unsigned main_roles = sim::role_all;
  std::vector<sim::listen_spec> out{{c.port, 0}};
  if (c.login_port) {
    main_roles &= ~unsigned(sim::role_login);
    out.push_back({*c.login_port, sim::role_login});
  }
  if (c.stream_port) {
    main_roles &= ~unsigned(sim::role_stream);
    out.push_back({*c.stream_port, sim::role_stream});
  }
  out[0].roles = main_roles;
  return out;
}

std::string url(bool tls, bool ws, std::uint16_t port) {
  return std::string(ws ? (tls ? "wss" : "ws") : (tls ? "https" : "http")) + "://127.0.0.1:" + std::to_string(port);
}

int run(const sim::cli_config& config) {
  std::shared_ptr<net::ssl::context> tls;
  if (config.tls) {
    const auto pki = sim::generate_test_pki();
    if (!config.ca_out.empty()) {
      std::ofstream out(config.ca_out, std::ios::trunc);
      out << pki.ca_pem;
      if (!out) throw std::runtime_error("cannot write " + config.ca_out);
    }
    tls = sim::make_server_tls_context(pki);
  }
  net::asio::io_context ioc(1);
  sim::simulator simulator(config.sim, core::system_clock::instance());
  const auto bound = sim::start_server(ioc, simulator, listeners_of(config), tls);
  std::uint16_t login = bound[0].port, stream = bound[0].port;
  for (const auto& b : bound) {
    if (b.roles == sim::role_login) login = b.port;
    if (b.roles == sim::role_stream) stream = b.port;
  }
  simulator.set_stream_base(url(config.tls, true, stream));
  std::cout << "wmpulse-sim listening on " << url(config.tls, false, bound[0].port) << "\n"
            << "login " << url(config.tls, false, login) << "\n"
            << "api " << url(config.tls, false, bound[0].port) << "\n"
            << "stream " << url(config.tls, true, stream) << "\n";
  if (!config.ca_out.empty()) std::cout << "ca " << config.ca_out << "\n";
  std::cout << std::flush;
  net::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) { ioc.stop(); });
  net::run_guarded(ioc, "simulator");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  sim::cli_config config;
  std::string error;
  if (!sim::parse_cli(std::vector<std::string>(argv + 1, argv + argc), config, error)) {
    std::cerr << "wmpulse-sim: " << error << "\n";
    return 2;
  }
  if (config.help) {
    std::cout << sim::help_text();
    return 0;
  }
  core::log_level level;
  if (!core::parse_log_level(config.log_level, level)) {
    std::cerr << "wmpulse-sim: bad --log-level " << config.log_level << "\n";
    return 2;
  }
  core::set_log_level(level);
  try {
    return run(config);
  } catch (const std::exception& e) {
    std::cerr << "wmpulse-sim: " << e.what() << "\n";
    return 1;
  }
}
