#include "app/source_factory.hpp"

#include <stdexcept>

#include "core/log.hpp"
#include "genesys/connector.hpp"
#include "genesys/notification_line_decoder.hpp"
#include "genesys/region.hpp"
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

std::shared_ptr<core::frame_recorder> recorder_of(const config& cfg) {
  if (cfg.record_file.empty()) return nullptr;
  core::recorder_settings r;
  r.path = cfg.record_file;
  r.max_bytes = cfg.record_max_bytes;
  core::log_info("record", "recording every inbound frame to " + cfg.record_file);
  return std::make_shared<core::frame_recorder>(r);
}

bool follows_invented_figures(const config& cfg) {
  if (cfg.source == source_kind::generator) return true;
  const auto g = genesys_config_of(cfg);
  return g && !genesys::find_region(g->api_base);
}

std::unique_ptr<events::source> make_source(const config& cfg, net::asio::io_context& ingest, const core::clock& clock,
                                            events::event_sink& sink, std::function<std::optional<core::millis>()> takeover_gap_start) {
  switch (cfg.source) {
    case source_kind::tutorial: {
      sources::tutorial_source_config t;
      t.url = cfg.events_url;
      t.bearer_token = cfg.events_token;
      t.ca_file = cfg.ca_file;
      t.idle_timeout_ms = cfg.events_idle_timeout_ms;
      t.recorder = recorder_of(cfg);
      return std::make_unique<sources::tutorial_source>(ingest, clock, t, sink);
    }
    case source_kind::generator: {
      sources::generator_config g;
      g.seed = cfg.seed;
      g.sessions_per_minute = cfg.generator_rate;
      return std::make_unique<sources::generator_source>(ingest, clock, g, sink);
    }
    case source_kind::replay: {
      sources::replay_settings r;
      r.path = cfg.replay_file;
      r.speed = cfg.replay_speed;
      r.genesys_decoder = std::make_shared<genesys::notification_line_decoder>();
      return std::make_unique<sources::replay_source>(ingest, clock, r, sink);
    }
    case source_kind::genesys: {
      auto g = *genesys_config_of(cfg);
      g.recorder = recorder_of(cfg);
      g.takeover_gap_start = std::move(takeover_gap_start);
      return std::make_unique<genesys::connector>(ingest, clock, g, sink);
    }
    case source_kind::none:
    case source_kind::unset: break;
  }
  return std::make_unique<no_source>();
}

}  // namespace wmpulse::app
