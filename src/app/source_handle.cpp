#include "app/source_handle.hpp"

#include "sources/generator_source.hpp"
#include "sources/replay_source.hpp"
#include "sources/tutorial_source.hpp"

namespace wmpulse::app {
namespace {

template <class Source>
source_handle wrap(std::shared_ptr<Source> s) {
  source_handle h;
  h.start = [s] { s->start(); };
  h.stop = [s] { s->stop(); };
  h.status = [s] { return s->status(); };
  h.owner = std::move(s);
  return h;
}

source_handle no_source() {
  source_handle h;
  h.start = [] {};
  h.stop = [] {};
  h.status = [] {
    events::source_status s;
    s.source_kind = "none";
    s.state = events::connection_state::stopped;
    return s;
  };
  return h;
}

}  // namespace

source_handle make_source(const config& cfg, net::asio::io_context& ingest, const core::clock& clock,
                          events::event_sink& sink) {
  switch (cfg.source) {
    case source_kind::tutorial: {
      sources::tutorial_source_config t;
      t.url = cfg.events_url;
      t.bearer_token = cfg.events_token;
      t.ca_file = cfg.ca_file;
      t.idle_timeout_ms = cfg.events_idle_timeout_ms;
      return wrap(std::make_shared<sources::tutorial_source>(ingest, clock, t, sink));
    }
    case source_kind::generator: {
      sources::generator_config g;
      g.seed = cfg.seed;
      g.sessions_per_minute = cfg.generator_rate;
      return wrap(std::make_shared<sources::generator_source>(ingest, clock, g, sink));
    }
    case source_kind::replay:
      return wrap(std::make_shared<sources::replay_source>(ingest, cfg.replay_file, sink));
    case source_kind::genesys:  // built by make_genesys_source
    case source_kind::none:
      break;
  }
  return no_source();
}

}  // namespace wmpulse::app
