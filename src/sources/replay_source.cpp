#include "sources/replay_source.hpp"

#include <fstream>
#include <stdexcept>

#include "core/log.hpp"
#include "sources/frame_delivery.hpp"

namespace wmpulse::sources {

using namespace wmpulse::net;

struct replay_source::impl : std::enable_shared_from_this<impl> {
  static constexpr int batch_lines = 4096;

  impl(asio::io_context& ioc, const std::string& path, events::event_sink& sink)
      : ioc_(ioc), in_(path), sink_(sink) {
    if (!in_) throw std::runtime_error("cannot open replay file " + path);
    status_.source_kind = "replay";
  }

  // Delivers one batch, then yields to the rest of the ingest thread's work.
  void step() {
    std::string line;
    for (int i = 0; i < batch_lines && !stopped_; ++i) {
      if (!std::getline(in_, line)) {
        status_.state = events::connection_state::stopped;
        core::log_info("replay", "end of file after " + std::to_string(status_.frames_received) + " frames");
        return;
      }
      if (line.empty()) continue;
      deliver(line);
    }
    if (!stopped_) asio::post(ioc_, [self = shared_from_this()] { self->step(); });
  }

  void deliver(std::string_view line) {
    ++status_.frames_received;
    deliver_frame(line, decoder_, status_, sink_);
  }

  asio::io_context& ioc_;
  std::ifstream in_;
  events::event_sink& sink_;
  events::tutorial_decoder decoder_;
  events::source_status status_;
  bool stopped_ = false;
};

replay_source::replay_source(asio::io_context& ingest, const std::string& path, events::event_sink& sink)
    : impl_(std::make_shared<impl>(ingest, path, sink)) {}

replay_source::~replay_source() { stop(); }

void replay_source::start() {
  asio::post(impl_->ioc_, [s = impl_] {
    s->status_.state = events::connection_state::connected;
    s->step();
  });
}

void replay_source::stop() {
  asio::post(impl_->ioc_, [s = impl_] { s->stopped_ = true; });
}

events::source_status replay_source::status() const { return impl_->status_; }

}  // namespace wmpulse::sources
