#pragma once
// Replays a recorded stream, one frame per line: tutorial-protocol frames, --record's
// recordings, Genesys notification envelopes and EventBridge events of them, told apart per
// line (replay_line.hpp). Lines are decoded and delivered in file order, in batches, on the
// ingest executor: as fast as possible, or paced by the recorded receive times at `speed`
// times real time. A line over max_line_bytes is skipped unread and counted as too_large; a
// read error stops the replay with state failed and the error in last_error.
#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "events/event_sink.hpp"
#include "events/line_decoder.hpp"
#include "events/source.hpp"
#include "events/tutorial_decoder.hpp"
#include "net/net.hpp"

namespace wmpulse::sources {

struct replay_settings {
  std::string path;
  std::size_t max_line_bytes = events::tutorial_decoder::default_max_frame_bytes;
  std::optional<double> speed;  // empty: as fast as possible
  // Decodes Genesys notification frames; without one, they are rejected.
  std::shared_ptr<events::line_decoder> genesys_decoder;
};

class replay_source final : public events::source {
public:
  // Throws std::runtime_error when the file cannot be opened.
  replay_source(net::asio::io_context& ingest, const core::clock& clock, replay_settings settings,
                events::event_sink& sink);
  replay_source(net::asio::io_context& ingest, const std::string& path, events::event_sink& sink,
                std::size_t max_line_bytes = events::tutorial_decoder::default_max_frame_bytes);
  ~replay_source() override;
  void start() override;
  void stop() override;
  events::source_status status() const override;

private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace wmpulse::sources
