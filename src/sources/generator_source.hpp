#pragma once
// A built-in, seeded event generator: web messaging sessions arriving as a Poisson process,
// each with a random duration and messages in both directions, spread over a few queues.
// Stamps events with the given clock, so the dashboard moves in real time.
#include <memory>

#include "core/clock.hpp"
#include "events/event_sink.hpp"
#include "events/source.hpp"
#include "net/net.hpp"

namespace wmpulse::sources {

struct generator_config {
  std::uint64_t seed = 1;
  double sessions_per_minute = 120;
  double mean_session_seconds = 90;
  double mean_message_gap_seconds = 12;
  int queues = 3;
  core::millis tick_ms = 100;
};

class generator_source final : public events::source {
public:
  generator_source(net::asio::io_context& ingest, const core::clock& clock, generator_config config,
                   events::event_sink& sink);
  ~generator_source() override;
  void start() override;
  void stop() override;
  events::source_status status() const override;

private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace wmpulse::sources
