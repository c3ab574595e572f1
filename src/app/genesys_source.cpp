#include "app/genesys_source.hpp"

#include <stdexcept>

#include "core/log.hpp"
#include "genesys/connector.hpp"

namespace wmpulse::app {

std::optional<genesys::config> genesys_config_of(const config& cfg) {
  if (cfg.source != source_kind::genesys) return std::nullopt;
  // Credentials from the config file (or already resolved from the environment) come first.
  auto env = [process = genesys::process_env(), &cfg](std::string_view name) -> std::optional<std::string> {
    if (auto it = cfg.genesys_env.find(std::string(name)); it != cfg.genesys_env.end()) return it->second;
    return process(name);
  };
  auto parsed = genesys::config_from_flags(cfg.genesys_flags, cfg.ca_file, env);
  if (!parsed) throw std::runtime_error(parsed.error().message);
  core::add_log_secret(parsed.value().client_secret);
  return parsed.value();
}

source_handle make_genesys_source(const genesys::config& gcfg, net::asio::io_context& ingest,
                                  const core::clock& clock, events::event_sink& sink) {
  auto c = std::make_shared<genesys::connector>(ingest, clock, gcfg, sink);
  source_handle h;
  h.start = [c] { c->start(); };
  h.stop = [c] { c->stop(); };
  h.status = [c] { return c->status(); };
  h.on_fatal = [c](std::function<void(const std::string&)> f) { c->on_fatal(std::move(f)); };
  h.owner = std::move(c);
  return h;
}

}  // namespace wmpulse::app
