#include "app/genesys_source.hpp"

#include <stdexcept>

#include "genesys/connector.hpp"

namespace wmpulse::app {

std::optional<genesys::config> genesys_config_of(const config& cfg) {
  if (cfg.source != source_kind::genesys) return std::nullopt;
  auto parsed = genesys::config_from_flags(cfg.genesys_flags, cfg.ca_file, genesys::process_env());
  if (!parsed) throw std::runtime_error(parsed.error().message);
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
