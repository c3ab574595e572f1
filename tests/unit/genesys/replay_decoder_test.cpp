// Replaying Genesys frames offline: EventBridge events and recorded notification envelopes go
// through the live connector's decoder and snapshot differ (notification_line_decoder).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "genesys/notification_line_decoder.hpp"
#include "sources/replay_source.hpp"

namespace wmpulse::genesys {
namespace {

namespace fs = std::filesystem;
using events::direction;
using events::event_kind;

struct sink final : events::event_sink {
  void accept(std::span<const events::session_event> batch) override { events.insert(events.end(), batch.begin(), batch.end()); }
  void reject(events::decode_reason r, std::string_view) override { rejected.push_back(r); }
  std::size_t count(event_kind k, direction d = direction::unknown) const {
    return std::count_if(events.begin(), events.end(), [&](const auto& e) { return e.kind == k && (d == direction::unknown || e.dir == d); });
  }
  std::vector<events::session_event> events;
  std::vector<events::decode_reason> rejected;
};

events::source_status replay(const fs::path& file, sink& s) {
  net::asio::io_context ioc;
  sources::replay_settings r;
  r.path = file.string();
  r.genesys_decoder = std::make_shared<notification_line_decoder>();
  sources::replay_source source(ioc, core::system_clock::instance(), r, s);
  source.start();
  ioc.run();
  return source.status();
}

// The fixture holds one web-messaging conversation as an EventBridge integration delivers it
// (facts §6.1: `detail` is the WebSocket envelope), one snapshot delivered twice: the customer
// arrives with m1 and enters queue q001 at 10:00:02, an agent answers at 10:00:09.050 and
// replies m2, the customer sends m3 and leaves at 10:01:00.120.
TEST(genesys_replay, an_eventbridge_file_replays_to_the_conversation_it_holds) {
  sink s;
  const auto status = replay(fs::path(WMPULSE_FIXTURES) / "eventbridge-one-conversation.jsonl", s);
  EXPECT_EQ(status.frames_received, 4u);
  EXPECT_TRUE(s.rejected.empty());
  EXPECT_EQ(s.count(event_kind::connected), 1u);
  EXPECT_EQ(s.count(event_kind::message, direction::inbound), 2u);   // m1, m3
  EXPECT_EQ(s.count(event_kind::message, direction::outbound), 1u);  // m2, once despite the duplicate
  EXPECT_EQ(s.count(event_kind::queued), 1u);
  EXPECT_EQ(s.count(event_kind::answered), 1u);
  EXPECT_EQ(s.count(event_kind::abandoned), 0u);
  EXPECT_EQ(s.count(event_kind::disconnected), 1u);
  const auto answered = std::find_if(s.events.begin(), s.events.end(), [](const auto& e) { return e.kind == event_kind::answered; });
  ASSERT_NE(answered, s.events.end());
  EXPECT_EQ(answered->time_ms - answered->start_ms, 7'050) << "waited from 10:00:02.000 to 10:00:09.050";
  EXPECT_EQ(answered->queue_id, "6a1c0000-0000-4000-8000-00000000q001");
}

TEST(genesys_replay, recordings_and_plain_envelopes_of_genesys_frames_replay_and_bad_lines_are_counted_and_skipped) {
  const fs::path file = fs::temp_directory_path() / ("wmpulse-genesys-replay-" + std::to_string(::getpid()) + ".jsonl");
  {
    std::ifstream in(fs::path(WMPULSE_FIXTURES) / "eventbridge-one-conversation.jsonl");
    std::ofstream out(file);
    std::string line;
    int i = 0;
    while (std::getline(in, line)) {
      const auto detail = line.substr(line.find("\"detail\": ") + 10);
      const auto envelope = detail.substr(0, detail.size() - 1);
      if (i++ % 2) out << envelope << "\n";  // as a plain {"topicName":…} line
      else out << R"({"t":1746093600000,"source":"genesys","frame":)" << envelope << "}\n";  // as --record writes it
      if (i == 1) out << "{\"t\":1,\"source\":\"nowhere\",\"frame\":{}}\n{not json\n";
    }
  }
  sink s;
  const auto status = replay(file, s);
  fs::remove(file);
  EXPECT_EQ(status.frames_received, 6u);
  EXPECT_EQ(s.rejected.size(), 2u) << "the unknown source and the tutorial decoder's malformed line";
  EXPECT_EQ(s.count(event_kind::connected), 1u);
  EXPECT_EQ(s.count(event_kind::message), 3u);
  EXPECT_EQ(s.count(event_kind::disconnected), 1u);
}

}  // namespace
}  // namespace wmpulse::genesys
