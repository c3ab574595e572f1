#include "sources/replay_source.hpp"

#include "core/log.hpp"
#include "sources/frame_delivery.hpp"
#include "sources/line_reader.hpp"

namespace wmpulse::sources {

using namespace wmpulse::net;

struct replay_source::impl : std::enable_shared_from_this<impl> {
  static constexpr int batch_lines = 4096;

  impl(asio::io_context& ioc, const std::string& path, std::size_t max_line_bytes, events::event_sink& sink)
      : ioc_(ioc), in_(path, max_line_bytes), sink_(sink), decoder_(max_line_bytes) {
    status_.source_kind = "replay";
    status_.initial_recovery_done = true;  // nothing to recover: ready once connected
  }

  // Delivers one chunk of lines as one batch, then yields to the rest of the ingest thread's work.
  void step() {
    const bool more = read_chunk();
    deliver_batch(batch_, sink_);
    if (more && !stopped_) asio::post(ioc_, [self = shared_from_this()] { self->step(); });
  }

  // Decodes up to batch_lines lines into batch_; false once the file has ended or failed.
  bool read_chunk() {
    for (int i = 0; i < batch_lines && !stopped_; ++i) {
      switch (in_.next()) {
        case line_reader::outcome::end:
          status_.state = events::connection_state::stopped;
          core::log_info("replay", "end of file after " + std::to_string(status_.frames_received) + " frames");
          return false;
        case line_reader::outcome::error:
          status_.state = events::connection_state::failed;
          status_.last_error = in_.error_message();
          core::log_error("replay", in_.error_message() + " (after " + std::to_string(status_.frames_received) + " frames)");
          return false;
        case line_reader::outcome::too_long: skip_long_line(); break;
        case line_reader::outcome::line:
          if (in_.line().empty()) break;
          ++status_.frames_received;
          decode_frame(in_.line(), decoder_, batch_, sink_);
          break;
      }
    }
    return true;
  }

  // Counted and reported like a frame over the size limit; it was never held in memory.
  void skip_long_line() {
    ++status_.frames_received;
    sink_.reject(events::decode_reason::too_large,
                 "replay line over " + std::to_string(in_.max_line_bytes()) + " bytes, skipped");
  }

  asio::io_context& ioc_;
  line_reader in_;
  events::event_sink& sink_;
  events::tutorial_decoder decoder_;
  events::source_status status_;
  std::vector<events::session_event> batch_;  // one chunk's events
  bool stopped_ = false;
};

replay_source::replay_source(asio::io_context& ingest, const std::string& path, events::event_sink& sink,
                             std::size_t max_line_bytes)
    : impl_(std::make_shared<impl>(ingest, path, max_line_bytes, sink)) {}

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
