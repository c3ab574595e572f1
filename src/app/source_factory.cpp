#include "app/source_factory.hpp"

#include <stdexcept>

#include "core/log.hpp"
#include "genesys/connector.hpp"
#include "sources/generator_source.hpp"
#include "sources/replay_source.hpp"
#include "sources/tutorial_source.hpp"

namespace wmpulse::app {
namespace {

// --source none: nothing arrives, and the status says so.
class no_source final : public events::source {
public:
  void start() override {}
  void stop() override {}
  events::source_status status() const override {
    events::source_status s;
    s.source_kind = "none";
    s.state = events::connection_state::stopped;
    return s;
  }
};

}  // namespace

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

std::unique_ptr<events::source> make_source(const config& cfg, net::asio::io_context& ingest, const core::clock& clock,
                                            events::event_sink& sink) {
  switch (cfg.source) {
    case source_kind::tutorial: {
      sources::tutorial_source_config t;
      t.url = cfg.events_url;
      t.bearer_token = cfg.events_token;
      t.ca_file = cfg.ca_file;
      t.idle_timeout_ms = cfg.events_idle_timeout_ms;
      return std::make_unique<sources::tutorial_source>(ingest, clock, t, sink);
    }
    case source_kind::generator: {
      sources::generator_config g;
      g.seed = cfg.seed;
      g.sessions_per_minute = cfg.generator_rate;
      return std::make_unique<sources::generator_source>(ingest, clock, g, sink);
    }
    case source_kind::replay: return std::make_unique<sources::replay_source>(ingest, cfg.replay_file, sink);
    case source_kind::genesys:
      return std::make_unique<genesys::connector>(ingest, clock, *genesys_config_of(cfg), sink);
    case source_kind::none: break;
  }
  return std::make_unique<no_source>();
}

}  // namespace wmpulse::app
