// The tutorial source against misbehaving peers on loopback: one that goes silent (no frames,
// no pongs) and a sink that throws. Either way the source must reconnect, not hang or die.
#include "sources/tutorial_source.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <type_traits>

#include "burst_peer.hpp"
#include "handshake_then_reset_peer.hpp"
#include "quiet_peer.hpp"
#include "recording_sink.hpp"
#include "support/tutorial_stream_server.hpp"

namespace wmpulse::sources {
namespace {

namespace asio = net::asio;
using testing::recording_sink;

const std::string frame = R"({"eventType":"webchat:connected","timestamp":"2026-11-28T02:18:16.342Z","data":{"sessionId":"s1"}})";

tutorial_source_config config_for(const wmpulse::testing::tutorial_stream_server& server) {
  tutorial_source_config c;
  c.url = server.url();
  c.backoff_base_ms = 10;
  c.backoff_cap_ms = 50;
  c.idle_timeout_ms = 500;
  return c;
}

// Runs the source's context until `done` or 20 s (a bound, not an expectation of timing).
template <class Done>
bool run_until(asio::io_context& ioc, Done done) {
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!done() && std::chrono::steady_clock::now() < limit) ioc.run_for(std::chrono::milliseconds(20));
  return done();
}

TEST(tutorial_source, a_silent_peer_is_noticed_and_the_source_reconnects) {
  // One frame, then the connection stays open and says nothing, not even a pong.
  wmpulse::testing::tutorial_stream_server server({frame}, {});
  asio::io_context ioc;
  recording_sink sink;
  tutorial_source source(ioc, core::system_clock::instance(), config_for(server), sink);
  source.start();
  EXPECT_TRUE(run_until(ioc, [&] { return server.connections() >= 2; })) << "still on the silent connection";
  EXPECT_EQ(sink.accepted.size(), 1u);
  const auto status = source.status();
  EXPECT_GE(status.reconnects, 1u);
  EXPECT_NE(status.last_error.find("no frame and no pong"), std::string::npos) << status.last_error;
  source.stop();
  ioc.run_for(std::chrono::milliseconds(50));
}

TEST(tutorial_source, a_quiet_peer_that_answers_pings_keeps_its_connection) {
  testing::quiet_peer peer;
  asio::io_context ioc;
  recording_sink sink;
  tutorial_source_config cfg;
  cfg.url = peer.url();
  cfg.idle_timeout_ms = 200;
  tutorial_source source(ioc, core::system_clock::instance(), cfg, sink);
  source.start();
  ioc.run_for(std::chrono::milliseconds(1000));  // five idle timeouts
  EXPECT_EQ(peer.connections(), 1);
  EXPECT_GE(peer.pings(), 2);
  const auto status = source.status();
  EXPECT_EQ(status.reconnects, 0u) << status.last_error;
  EXPECT_EQ(status.state, events::connection_state::connected);
  source.stop();
  ioc.run_for(std::chrono::milliseconds(50));
}

static_assert(std::is_base_of_v<events::source, tutorial_source>);

TEST(tutorial_source, frames_reach_the_sink_in_batches_and_rejects_are_left_to_the_sink) {
  wmpulse::testing::tutorial_stream_server server({frame, "{oops", frame}, {});
  asio::io_context ioc;
  recording_sink sink;
  tutorial_source tutorial(ioc, core::system_clock::instance(), config_for(server), sink);
  events::source& source = tutorial;
  source.start();
  EXPECT_TRUE(run_until(ioc, [&] { return sink.accepted.size() + sink.rejected.size() >= 3; }));
  EXPECT_EQ(sink.accepted.size(), 2u);
  ASSERT_EQ(sink.rejected.size(), 1u);
  EXPECT_EQ(sink.rejected[0].first, events::decode_reason::malformed_json);
  const auto status = source.status();
  EXPECT_EQ(status.frames_received, 3u);
  EXPECT_EQ(status.rejected_total(), 0u) << "counted by the sink, not the source";
  source.stop();
  ioc.run_for(std::chrono::milliseconds(50));
}

std::vector<std::string> connected_frames(int n, int reject_after = -1) {
  std::vector<std::string> frames;
  for (int i = 0; i < n; ++i) {
    frames.push_back(R"({"eventType":"webchat:connected","timestamp":"2026-11-28T02:18:16.342Z","data":{"sessionId":"s)" +
                     std::to_string(i) + R"("}})");
    if (i == reject_after) frames.push_back("{oops");
  }
  return frames;
}

// A source and a burst peer; send() waits for the subscription, then has the peer send its
// frames while the source's context is held still, so they are all buffered when it reads.
struct burst_setup {
  explicit burst_setup(std::vector<std::string> frames)
      : peer(std::move(frames)), source(ioc, core::system_clock::instance(), config(peer), sink) {
    source.start();
  }
  ~burst_setup() {
    source.stop();
    ioc.run_for(std::chrono::milliseconds(50));
  }
  static tutorial_source_config config(const testing::burst_peer& peer) {
    tutorial_source_config c;
    c.url = peer.url();
    return c;
  }
  bool send() { return run_until(ioc, [&] { return peer.subscribed(); }) && peer.send_burst(); }

  testing::burst_peer peer;
  asio::io_context ioc;
  recording_sink sink;
  tutorial_source source;
};

// Everything buffered when the source wakes up is decoded in that wake-up and handed over as
// one batch (the reject, between, goes to the sink on its own).
TEST(tutorial_source, a_burst_already_buffered_reaches_the_sink_as_one_batch) {
  burst_setup burst(connected_frames(60, 30));  // several reads of Beast's buffer, one TCP segment
  ASSERT_TRUE(burst.send());
  auto& sink = burst.sink;
  EXPECT_TRUE(run_until(burst.ioc, [&] { return sink.accepted.size() >= 60; }));
  ASSERT_EQ(sink.batches.size(), 1u) << "the first batch had " << sink.batches[0].size();
  EXPECT_EQ(sink.batches[0].size(), 60u);
  EXPECT_EQ(sink.batches[0].back().session_id, "s59");
  EXPECT_EQ(sink.rejected.size(), 1u);
}

// The frames Beast already holds are read in a loop on the source's thread, not in one pass
// through the io_context's queue each (each pass polls the reactor: 45 % of the ingest thread).
TEST(tutorial_source, a_buffered_burst_takes_fewer_passes_through_the_queue_than_it_has_frames) {
  constexpr std::size_t n = 200;
  burst_setup burst(connected_frames(n));
  ASSERT_TRUE(burst.send());
  std::size_t passes = 0;
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (burst.sink.accepted.size() < n && std::chrono::steady_clock::now() < limit)
    passes += burst.ioc.run_one_for(std::chrono::milliseconds(20));
  EXPECT_EQ(burst.sink.accepted.size(), n);
  EXPECT_LT(passes, n / 4);  // 30 here; 641 when each frame's read took a pass
}

struct throwing_sink final : events::event_sink {
  void accept(std::span<const events::session_event>) override {
    if (++accepted == 1) throw std::runtime_error("sink failed");
  }
  void reject(events::decode_reason, std::string_view) override {}
  int accepted = 0;
};

TEST(tutorial_source, an_exception_escaping_a_connection_is_logged_counted_and_the_source_reconnects) {
  wmpulse::testing::tutorial_stream_server server({frame, frame}, {});
  asio::io_context ioc;
  throwing_sink sink;
  auto cfg = config_for(server);
  cfg.idle_timeout_ms = 60'000;  // only the exception may end the first connection here
  tutorial_source source(ioc, core::system_clock::instance(), cfg, sink);
  source.start();
  EXPECT_TRUE(run_until(ioc, [&] { return server.connections() >= 2; })) << "the source died with its coroutine";
  const auto status = source.status();
  EXPECT_EQ(status.unexpected_errors, 1u);
  EXPECT_NE(status.last_error.find("sink failed"), std::string::npos) << status.last_error;
  source.stop();
  ioc.run_for(std::chrono::milliseconds(50));
}

TEST(tutorial_source, a_failure_writing_the_subscription_message_is_reported_and_the_source_reconnects) {
  testing::handshake_then_reset_peer peer;
  asio::io_context ioc;
  recording_sink sink;
  tutorial_source_config cfg;
  cfg.url = peer.url();
  cfg.backoff_base_ms = 10;
  cfg.backoff_cap_ms = 50;
  tutorial_source source(ioc, core::system_clock::instance(), cfg, sink);
  source.start();
  // The client has sent its upgrade and waits for the answer; its context stays still while the
  // peer answers and resets, so the client's next step — the subscription write — meets the reset.
  ASSERT_TRUE(run_until(ioc, [&] { return peer.request_read(); }));
  ASSERT_TRUE(peer.answer_and_reset());
  EXPECT_TRUE(run_until(ioc, [&] { return peer.connections() >= 2; })) << "the source did not reconnect";
  const auto status = source.status();
  EXPECT_NE(status.last_error.find("subscription write"), std::string::npos) << status.last_error;
  EXPECT_GE(status.reconnects, 1u);
  EXPECT_EQ(status.unexpected_errors, 0u);
  source.stop();
  ioc.run_for(std::chrono::milliseconds(50));
}

TEST(tutorial_source, refused_connection_attempts_are_counted_as_failed) {
  // A loopback port that was just bound and released: nothing listens, every attempt is refused.
  std::uint16_t port = 0;
  {
    asio::io_context probe;
    asio::ip::tcp::acceptor a(probe, {asio::ip::make_address("127.0.0.1"), 0});
    port = a.local_endpoint().port();
  }
  asio::io_context ioc;
  recording_sink sink;
  tutorial_source_config cfg;
  cfg.url = "ws://127.0.0.1:" + std::to_string(port) + "/api/v2/analytics/events/stream";
  cfg.backoff_base_ms = 10;
  cfg.backoff_cap_ms = 50;
  tutorial_source source(ioc, core::system_clock::instance(), cfg, sink);
  source.start();
  EXPECT_TRUE(run_until(ioc, [&] { return source.status().failed_attempts >= 3; })) << source.status().failed_attempts;
  const auto status = source.status();
  EXPECT_NE(status.state, events::connection_state::connected);
  EXPECT_FALSE(status.last_error.empty());
  source.stop();
  ioc.run_for(std::chrono::milliseconds(50));
}

}  // namespace
}  // namespace wmpulse::sources
