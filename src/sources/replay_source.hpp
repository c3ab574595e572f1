#pragma once
// Replays a recorded stream: a file of tutorial-protocol frames, one JSON object per line.
// Lines are decoded and delivered in file order, in batches, on the ingest executor. A line
// over max_line_bytes is skipped unread and counted as too_large; a read error stops the
// replay with state failed and the error in last_error.
#include <memory>
#include <string>

#include "events/event_sink.hpp"
#include "events/source.hpp"
#include "events/tutorial_decoder.hpp"
#include "net/net.hpp"

namespace wmpulse::sources {

class replay_source final : public events::source {
public:
  // Throws std::runtime_error when the file cannot be opened.
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
