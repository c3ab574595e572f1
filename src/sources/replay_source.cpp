#include "sources/replay_source.hpp"

#include <chrono>

#include "core/log.hpp"
#include "sources/frame_delivery.hpp"
#include "sources/line_reader.hpp"
#include "sources/replay_line.hpp"

namespace wmpulse::sources {

using namespace wmpulse::net;

struct replay_source::impl : std::enable_shared_from_this<impl> {
  static constexpr int batch_lines = 4096;

  impl(asio::io_context& ioc, const core::clock& clock, replay_settings settings, events::event_sink& sink)
      : ioc_(ioc),
        clock_(clock),
        settings_(std::move(settings)),
        in_(settings_.path, settings_.max_line_bytes),
        sink_(sink),
        decoder_(settings_.max_line_bytes),
        timer_(ioc) {
    status_.source_kind = "replay";
    status_.initial_recovery_done = true;  // nothing to recover: ready once connected
  }

  // Delivers one chunk of lines as one batch, then yields to the rest of the ingest thread's
  // work, or waits until the next line is due.
  void step() {
    const auto wait = read_chunk();
    deliver_batch(batch_, sink_);
    if (!wait || stopped_) return;
    if (*wait == 0) return asio::post(ioc_, [self = shared_from_this()] { self->step(); });
    timer_.expires_after(std::chrono::milliseconds(*wait));
    timer_.async_wait([self = shared_from_this()](boost::system::error_code) { self->step(); });
  }

  // Decodes up to batch_lines lines into batch_. Returns how long to wait before the next
  // chunk (0: go on at once), or nothing once the file has ended or failed.
  std::optional<core::millis> read_chunk() {
    for (int i = 0; i < batch_lines && !stopped_; ++i) {
      if (held_) {
        if (auto wait = not_due_for(*held_)) return wait;
        decode(*std::exchange(held_, std::nullopt));
        continue;
      }
      switch (in_.next()) {
        case line_reader::outcome::end:
          status_.state = events::connection_state::stopped;
          core::log_info("replay", "end of file after " + std::to_string(status_.frames_received) + " frames");
          return std::nullopt;
        case line_reader::outcome::error:
          status_.state = events::connection_state::failed;
          status_.last_error = in_.error_message();
          core::log_error("replay", in_.error_message() + " (after " + std::to_string(status_.frames_received) + " frames)");
          return std::nullopt;
        case line_reader::outcome::too_long: skip_long_line(); break;
        case line_reader::outcome::line:
          if (in_.line().empty()) break;
          ++status_.frames_received;
          held_ = classify_replay_line(in_.line());
          break;
      }
    }
    return core::millis{0};
  }

  // --speed N: how long until this line is due (nothing when it is, or unpaced). Paced on the
  // steady clock: a wall clock stepped back must not stall the replay.
  std::optional<core::millis> not_due_for(const replay_line& line) {
    if (!settings_.speed || !line.received_ms) return std::nullopt;
    const auto now = clock_.steady_ms();
    if (!first_) first_ = std::pair{*line.received_ms, now};
    const auto due = first_->second + static_cast<core::millis>((*line.received_ms - first_->first) / *settings_.speed);
    if (due <= now) return std::nullopt;
    return due - now;
  }

  void decode(const replay_line& line) {
    switch (line.protocol) {
      case frame_protocol::tutorial: return decode_frame(line.frame, decoder_, batch_, sink_);
      case frame_protocol::genesys:
        if (settings_.genesys_decoder)
          return settings_.genesys_decoder->decode(line.frame, line.received_ms, batch_, sink_);
        return sink_.reject(events::decode_reason::unknown_event_type, "Genesys frame in a replay without a Genesys decoder");
      case frame_protocol::unknown: return sink_.reject(events::decode_reason::missing_field, line.error);
    }
  }

  // Counted and reported like a frame over the size limit; it was never held in memory.
  void skip_long_line() {
    ++status_.frames_received;
    sink_.reject(events::decode_reason::too_large,
                 "replay line over " + std::to_string(in_.max_line_bytes()) + " bytes, skipped");
  }

  asio::io_context& ioc_;
  const core::clock& clock_;
  replay_settings settings_;
  line_reader in_;
  events::event_sink& sink_;
  events::tutorial_decoder decoder_;
  asio::steady_timer timer_;
  events::source_status status_;
  std::vector<events::session_event> batch_;  // one chunk's events
  std::optional<replay_line> held_;           // read, not yet decoded (not yet due)
  std::optional<std::pair<core::millis, core::millis>> first_;  // first recorded time, and when it was replayed
  bool stopped_ = false;
};

replay_source::replay_source(asio::io_context& ingest, const core::clock& clock, replay_settings settings,
                             events::event_sink& sink)
    : impl_(std::make_shared<impl>(ingest, clock, std::move(settings), sink)) {}

replay_source::replay_source(asio::io_context& ingest, const std::string& path, events::event_sink& sink,
                             std::size_t max_line_bytes)
    : replay_source(ingest, core::system_clock::instance(), replay_settings{path, max_line_bytes, std::nullopt, nullptr}, sink) {}

replay_source::~replay_source() { stop(); }

void replay_source::start() {
  asio::post(impl_->ioc_, [s = impl_] {
    s->status_.state = events::connection_state::connected;
    s->step();
  });
}

void replay_source::stop() {
  asio::post(impl_->ioc_, [s = impl_] {
    s->stopped_ = true;
    s->timer_.cancel();
  });
}

events::source_status replay_source::status() const { return impl_->status_; }

}  // namespace wmpulse::sources
