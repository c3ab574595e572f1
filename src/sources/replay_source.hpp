#pragma once
// Replays a recorded stream: a file of tutorial-protocol frames, one JSON object per line.
// Lines are decoded and delivered in file order, in batches, on the ingest executor.
#include <memory>
#include <string>

#include "events/event_sink.hpp"
#include "events/source_status.hpp"
#include "net/net.hpp"

namespace wmpulse::sources {

class replay_source {
public:
  // Throws std::runtime_error when the file cannot be opened.
  replay_source(net::asio::io_context& ingest, const std::string& path, events::event_sink& sink);
  ~replay_source();
  void start();
  void stop();
  events::source_status status() const;

private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace wmpulse::sources
