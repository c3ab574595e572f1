// The connector as an events::source: its status (built from its working state on the ingest
// thread, safe to ask for from another) and one snapshot diff reaching the sink as one batch.
#include "genesys/connector.hpp"

#include <gtest/gtest.h>

#include <span>
#include <thread>
#include <type_traits>
#include <vector>

#include "genesys/connector_impl.hpp"

namespace wmpulse::genesys {
namespace {

namespace asio = net::asio;

static_assert(std::is_base_of_v<events::source, connector>);

struct batch_sink final : events::event_sink {
  void accept(std::span<const events::session_event> batch) override { batches.emplace_back(batch.begin(), batch.end()); }
  void reject(events::decode_reason, std::string_view) override { ++rejects; }
  std::vector<std::vector<events::session_event>> batches;
  int rejects = 0;
};

TEST(connector, its_status_has_the_genesys_part_and_is_built_on_the_ingest_thread) {
  asio::io_context ioc;
  batch_sink sink;
  connector conn(ioc, core::system_clock::instance(), config{}, sink);
  events::source& source = conn;
  events::source_status st;
  asio::post(ioc, [&] { st = source.status(); });
  ioc.run();
  EXPECT_EQ(st.source_kind, "genesys");
  EXPECT_EQ(st.state, events::connection_state::starting);
  ASSERT_TRUE(st.genesys);
  EXPECT_EQ(st.genesys->channels, 0u);
  EXPECT_FALSE(st.genesys->lag_ms);
}

TEST(connector, its_status_asked_from_another_thread_waits_for_the_ingest_thread) {
  asio::io_context ioc;
  auto work = asio::make_work_guard(ioc);
  batch_sink sink;
  connector conn(ioc, core::system_clock::instance(), config{}, sink);
  std::thread ingest([&] { ioc.run(); });
  const auto st = conn.status();
  work.reset();
  ingest.join();
  EXPECT_EQ(st.source_kind, "genesys");
  EXPECT_TRUE(st.genesys);
}

const std::string conversation_frame =
    R"({"topicName":"v2.routing.queues.q1.conversations.messages","version":"2","eventBody":{"id":"conv-1",)"
    R"("participants":[{"id":"p-cust","purpose":"customer","state":"connected","direction":"inbound","type":"webmessaging",)"
    R"("startTime":"2025-05-01T10:00:00.000Z","connectedTime":"2025-05-01T10:00:00.120Z","messages":[)"
    R"({"message":{"id":"m1"},"messageTime":"2025-05-01T10:00:01.000Z","messageStatus":"received"},)"
    R"({"message":{"id":"m2"},"messageTime":"2025-05-01T10:00:02.000Z","messageStatus":"received"}]},)"
    R"({"id":"p-acd","purpose":"acd","state":"connected","queue":{"id":"q1"},"startTime":"2025-05-01T10:00:00.500Z",)"
    R"("connectedTime":"2025-05-01T10:00:00.510Z"}]}})";

TEST(connector, the_events_of_one_snapshot_diff_reach_the_sink_as_one_batch) {
  asio::io_context ioc;
  core::manual_clock clock(1'746'093'605'000);  // 2025-05-01T10:00:05Z
  batch_sink sink;
  const config cfg;
  auto inside = std::make_shared<connector::impl>(ioc, clock, cfg, sink);
  shard sh(0, ioc.get_executor(), cfg);
  inside->handle_frame(sh, conversation_frame);
  ASSERT_EQ(sink.batches.size(), 1u) << "rejects: " << sink.rejects;
  EXPECT_EQ(sink.batches[0].size(), 4u);  // connected, queued, two messages
  const auto st = inside->current_status();
  EXPECT_EQ(st.frames_received, 1u);
  EXPECT_EQ(st.genesys->lag_ms, 3'000);
  EXPECT_EQ(st.events_ingested, 0u) << "counted by the sink, not the source";
}

}  // namespace
}  // namespace wmpulse::genesys
