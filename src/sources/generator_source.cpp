#include "sources/generator_source.hpp"

#include "sources/generator_workload.hpp"

namespace wmpulse::sources {

using namespace wmpulse::net;

struct generator_source::impl : std::enable_shared_from_this<impl> {
  impl(asio::io_context& ioc, const core::clock& clock, generator_config cfg, events::event_sink& sink)
      : clock_(clock), cfg_(cfg), sink_(sink), timer_(ioc),
        workload_(cfg.seed, cfg.sessions_per_minute, cfg.mean_session_seconds, cfg.mean_message_gap_seconds,
                  cfg.queues, clock.now_ms()) {
    status_.source_kind = "generator";
    status_.initial_recovery_done = true;  // nothing to recover: ready once connected
    status_.synthetic = true;
  }

  void tick() {
    const auto batch = workload_.advance_to(clock_.now_ms());
    if (!batch.empty()) sink_.accept(batch);
    timer_.expires_after(std::chrono::milliseconds(cfg_.tick_ms));
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec && !self->stopped_) self->tick();
    });
  }

  const core::clock& clock_;
  generator_config cfg_;
  events::event_sink& sink_;
  asio::steady_timer timer_;
  generator_workload workload_;
  events::source_status status_;
  bool stopped_ = false;
};

generator_source::generator_source(asio::io_context& ingest, const core::clock& clock, generator_config config,
                                   events::event_sink& sink)
    : impl_(std::make_shared<impl>(ingest, clock, config, sink)) {}

generator_source::~generator_source() { stop(); }

void generator_source::start() {
  asio::post(impl_->timer_.get_executor(), [s = impl_] {
    s->status_.state = events::connection_state::connected;
    s->status_.connected_since_ms = s->clock_.now_ms();
    s->tick();
  });
}

void generator_source::stop() {
  asio::post(impl_->timer_.get_executor(), [s = impl_] {
    s->stopped_ = true;
    s->status_.state = events::connection_state::stopped;
    s->timer_.cancel();
  });
}

events::source_status generator_source::status() const { return impl_->status_; }

}  // namespace wmpulse::sources
