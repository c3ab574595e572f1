#pragma once
// The tutorial protocol's source: a WebSocket (ws:// or wss://) that, after our subscription
// message, sends one JSON event per text frame. Reconnects after any failure (connect, TLS,
// handshake, the subscription write, a read, a silent peer, an unexpected exception) with
// exponential backoff and full jitter; the backoff resets after a healthy connection.
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/frame_recorder.hpp"
#include "events/event_sink.hpp"
#include "events/source.hpp"
#include "net/net.hpp"

namespace wmpulse::sources {

struct tutorial_source_config {
  std::string url;           // ws://… or wss://…
  std::string bearer_token;  // optional; sent as "Authorization: Bearer …", never in the URL
  std::string ca_file;       // extra trust anchor for wss (tests); the system store otherwise
  std::size_t max_frame_bytes = 64 * 1024;
  core::millis backoff_base_ms = 1000;
  core::millis backoff_cap_ms = 30000;
  core::millis healthy_after_ms = 5000;  // a connection this old (or that delivered a frame) was healthy
  core::millis handshake_timeout_ms = 10000;
  // A peer silent this long (no frame, and no pong to the pings sent from half of it) is taken
  // as dead and the source reconnects.
  core::millis idle_timeout_ms = 30000;
  std::shared_ptr<core::frame_recorder> recorder;  // --record: every frame as received
};

// The exact subscription message the tutorial's client sends after connecting.
inline constexpr const char* tutorial_subscription_message =
    R"({"subscription":{"eventTypes":["webchat:connected","webchat:disconnected","webchat:message"],"filter":{"channel":"webchat"}}})";

class tutorial_source final : public events::source {
public:
  // Runs on `ingest`; calls `sink` there. Throws std::invalid_argument for a bad URL.
  tutorial_source(net::asio::io_context& ingest, const core::clock& clock, tutorial_source_config config,
                  events::event_sink& sink);
  ~tutorial_source() override;
  tutorial_source(const tutorial_source&) = delete;
  tutorial_source& operator=(const tutorial_source&) = delete;

  void start() override;
  void stop() override;
  events::source_status status() const override;

private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace wmpulse::sources
