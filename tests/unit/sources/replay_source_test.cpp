#include "sources/replay_source.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <type_traits>

#include "recording_sink.hpp"

// The largest single allocation while `tracking` is on: shows that a long line is skipped
// without being held in memory.
namespace {
std::atomic<bool> tracking{false};
std::atomic<std::size_t> largest{0};
}  // namespace

void* operator new(std::size_t n) {
  if (tracking.load(std::memory_order_relaxed) && n > largest.load(std::memory_order_relaxed)) largest.store(n);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
// The other forms are replaced too: left to the sanitizer's runtime, their memory would be
// freed by the free() below, a mismatch ASan reports.
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return ::operator new(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return ::operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace wmpulse::sources {
namespace {

namespace asio = net::asio;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::recording_sink;

static_assert(std::is_base_of_v<events::source, replay_source>);

const std::string connect_line = R"({"eventType":"webchat:connected","timestamp":"2026-11-28T02:18:16.342Z","data":{"sessionId":"s1"}})";
const std::string message_line = R"({"eventType":"webchat:message","timestamp":"2026-11-28T02:18:17Z","data":{"sessionId":"s1"}})";

struct replay_fixture : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("wmpulse-replay-" + std::to_string(::getpid()) + "-" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  asio::io_context ioc;
  recording_sink sink;
  replay_fixture() { fs::create_directories(dir); }
  ~replay_fixture() override { fs::remove_all(dir); }

  events::source_status replay(const fs::path& file) {
    replay_source source(ioc, file.string(), sink);
    source.start();
    ioc.run();
    return source.status();
  }
};

TEST_F(replay_fixture, a_line_over_the_cap_is_skipped_unread_counted_and_the_replay_goes_on) {
  const auto file = dir / "long.jsonl";
  {
    std::ofstream out(file, std::ios::binary);
    out << connect_line << "\n";
    const std::string chunk(1 << 20, 'x');
    for (int i = 0; i < 16; ++i) out << chunk;  // a 16 MiB line stands in for a 2 GB one
    out << "\n" << message_line << "\n";
  }
  tracking = true;
  const auto status = replay(file);
  tracking = false;
  EXPECT_LT(largest.load(), std::size_t{1} << 20) << "the long line was held in memory";
  EXPECT_EQ(sink.accepted.size(), 2u);
  ASSERT_EQ(sink.rejected.size(), 1u);
  EXPECT_EQ(sink.rejected[0].first, events::decode_reason::too_large);
  EXPECT_NE(sink.rejected[0].second.find("65536 bytes"), std::string::npos) << sink.rejected[0].second;
  EXPECT_EQ(status.frames_received, 3u);
  EXPECT_EQ(status.state, events::connection_state::stopped);
}

TEST_F(replay_fixture, a_chunk_of_lines_reaches_the_sink_as_one_batch_and_rejects_go_to_the_sink) {
  const auto file = dir / "chunk.jsonl";
  std::ofstream(file, std::ios::binary) << connect_line << "\n{oops\n" << message_line << "\n" << message_line << "\n";
  const auto status = replay(file);
  ASSERT_EQ(sink.batches.size(), 1u);
  EXPECT_EQ(sink.batches[0].size(), 3u);
  ASSERT_EQ(sink.rejected.size(), 1u);
  EXPECT_EQ(sink.rejected[0].first, events::decode_reason::malformed_json);
  EXPECT_EQ(status.frames_received, 4u);
  EXPECT_EQ(status.rejected_total(), 0u) << "counted by the sink, not the source";
}

TEST_F(replay_fixture, a_last_line_without_newline_is_replayed) {
  const auto file = dir / "tail.jsonl";
  std::ofstream(file, std::ios::binary) << connect_line << "\n\n" << message_line;
  const auto status = replay(file);
  EXPECT_EQ(sink.accepted.size(), 2u);
  EXPECT_EQ(status.frames_received, 2u);
}

TEST_F(replay_fixture, a_read_error_fails_the_replay_with_a_clear_error_not_a_silent_end) {
  // A directory opens but cannot be read (EISDIR): the nearest to a failing disk.
  const auto status = replay(dir);
  EXPECT_EQ(status.state, events::connection_state::failed);
  EXPECT_NE(status.last_error.find("cannot read replay file"), std::string::npos) << status.last_error;
  EXPECT_NE(status.last_error.find("directory"), std::string::npos) << status.last_error;
}

TEST_F(replay_fixture, a_missing_file_is_refused_naming_it) {
  try {
    replay_source source(ioc, (dir / "absent.jsonl").string(), sink);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("absent.jsonl"), std::string::npos);
  }
}

TEST_F(replay_fixture, a_recording_replays_its_tutorial_frames_and_a_genesys_frame_without_decoder_is_rejected) {
  const auto file = dir / "recording.jsonl";
  std::ofstream(file, std::ios::binary) << R"({"t":1764650000123,"source":"tutorial","frame":)" << connect_line << "}\n"
                                        << R"({"t":1764650000124,"source":"genesys","frame":{"topicName":"channel.metadata"}})" << "\n"
                                        << R"({"t":1764650000125,"source":"tutorial","frame":"not json"})" << "\n"
                                        << R"({"t":1764650000126,"source":"tutorial","frame":)" << message_line << "}\n";
  const auto status = replay(file);
  EXPECT_EQ(status.frames_received, 4u);
  ASSERT_EQ(sink.accepted.size(), 2u);
  EXPECT_EQ(sink.accepted[0].session_id, "s1");
  ASSERT_EQ(sink.rejected.size(), 2u);
  EXPECT_EQ(sink.rejected[0].first, events::decode_reason::unknown_event_type);
  EXPECT_EQ(sink.rejected[1].first, events::decode_reason::malformed_json);
}

std::string connect_at(std::int64_t recorded_ms, const std::string& session) {
  return R"({"t":)" + std::to_string(recorded_ms) + R"(,"source":"tutorial","frame":{"eventType":"webchat:connected",)" +
         R"("timestamp":"2026-11-28T02:18:16Z","data":{"sessionId":")" + session + "\"}}}\n";
}

// --speed 2: lines recorded 0, 1 and 3 s apart are due 0, 0.5 and 1.5 s after the first, by the
// (manual) clock. A line is never delivered before it is due: the windows that check this can
// only pass wrongly on a slow machine, never fail; deliveries are waited for with a bound. The
// wall clock stepped back an hour does not hold the replay up (it is paced on the steady clock).
TEST_F(replay_fixture, a_paced_replay_delivers_each_line_when_due_at_its_speed_whatever_the_wall_clock_does) {
  const auto file = dir / "paced.jsonl";
  std::ofstream(file, std::ios::binary) << connect_at(1764650000000, "a") << connect_at(1764650001000, "b")
                                        << connect_at(1764650003000, "c");
  core::manual_clock clock(1'800'000'000'000);
  replay_source source(ioc, clock, replay_settings{file.string(), 1 << 16, 2.0, nullptr}, sink);
  source.start();
  auto delivered_within = [&](std::size_t n, std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (sink.accepted.size() < n && std::chrono::steady_clock::now() < until) ioc.run_one_for(std::chrono::milliseconds(20));
    return sink.accepted.size();
  };
  EXPECT_EQ(delivered_within(1, 5s), 1u);
  EXPECT_EQ(delivered_within(2, 800ms), 1u) << "b is due only 500 ms after a by the clock";
  clock.step_wall(-3'600'000);
  clock.advance(499);
  EXPECT_EQ(delivered_within(2, 800ms), 1u);
  clock.advance(1);
  EXPECT_EQ(delivered_within(2, 5s), 2u);
  EXPECT_EQ(sink.accepted[1].session_id, "b");
  clock.advance(999);
  EXPECT_EQ(delivered_within(3, 1200ms), 2u) << "c is due 1 s after b";
  clock.advance(1);
  EXPECT_EQ(delivered_within(3, 5s), 3u);
  EXPECT_EQ(source.status().state, events::connection_state::stopped);  // the file ended after c
}

}  // namespace
}  // namespace wmpulse::sources
