#pragma once
// Replays Notifications API frames (recorded `{"topicName":…,"eventBody":…}` envelopes) through
// the same decoder and snapshot differ as the live connector: a queue conversation event
// becomes the events the differ finds in it; channel frames (heartbeats, replies, system
// topics) add nothing; a frame that does not decode is rejected to the sink.
#include "events/line_decoder.hpp"
#include "genesys/snapshot_differ.hpp"

namespace wmpulse::genesys {

class notification_line_decoder final : public events::line_decoder {
public:
  explicit notification_line_decoder(differ_settings settings = {}) : differ_(settings) {}
  void decode(std::string_view frame, std::optional<core::millis> received_ms, std::vector<events::session_event>& out,
              events::event_sink& sink) override;
  const differ_counters& counters() const { return differ_.counters(); }

private:
  static constexpr int sweep_every = 10'000;  // frames between sweeps of ended conversations
  snapshot_differ differ_;
  core::millis now_ = 0;  // the latest receive or event time seen: "now" for the differ's grace periods
  int since_sweep_ = 0;
};

}  // namespace wmpulse::genesys
