// The sink every source feeds: batches applied through the aggregator's batch path, rejects
// counted by reason, one publication per burst, and the published status combining what the
// source reports with what the sink counted.
#include "app/ingest.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <vector>

#include "sources/replay_source.hpp"

namespace wmpulse::app {
namespace {

namespace asio = net::asio;
using events::decode_reason;

events::session_event connect(std::string id, core::millis t) {
  return {events::event_kind::connected, std::move(id), t, {}, events::direction::unknown};
}

struct fake_source final : events::source {
  void start() override {}
  void stop() override {}
  events::source_status status() const override { return reported; }
  events::source_status reported;
};

metrics::aggregator_config event_time() {
  metrics::aggregator_config c;
  c.clock = metrics::clock_mode::event;
  return c;
}

struct ingest_fixture : ::testing::Test {
  core::manual_clock clock{1'700'000'000'000};
  metrics::aggregator aggregator{event_time(), clock};
  metrics::history history{60};
  asio::io_context ioc;
  int publications = 0;
  ingest sink{ioc, clock, aggregator, history, [this] { ++publications; }};

  const metrics::aggregator_counters& counters() const { return sink.snapshots().load()->counters; }
  std::size_t rejected(decode_reason r) const { return sink.status()->rejected[static_cast<std::size_t>(r)]; }
};

TEST_F(ingest_fixture, a_batch_reaches_the_aggregator_as_one_batch_and_is_published_once) {
  const std::vector<events::session_event> batch{connect("a", 1'000), connect("b", 2'000), connect("c", 3'000)};
  sink.accept(batch);
  ioc.run();
  EXPECT_EQ(publications, 1);
  EXPECT_EQ(counters().batches_applied, 1u);
  EXPECT_EQ(counters().events_applied, 3u);
  EXPECT_EQ(sink.snapshots().load()->all.active_sessions, 3);
}

// Event clock: a burst spanning seconds goes to the aggregator as one batch, and the history
// still has one point per second, each the state as that second ended (the last at publication).
TEST_F(ingest_fixture, a_batch_spanning_seconds_is_one_batch_and_leaves_a_history_point_per_second) {
  std::vector<events::session_event> batch;
  for (int s = 0; s < 50; ++s) batch.push_back(connect("s" + std::to_string(s), 1'000 * s + 10));
  sink.accept(batch);
  ioc.run();
  EXPECT_EQ(counters().batches_applied, 1u);
  EXPECT_EQ(publications, 1);
  const auto points = history.query(60, 1);
  ASSERT_EQ(points.size(), 50u);
  for (int s = 0; s < 50; ++s) {
    EXPECT_EQ(points[s].at_ms, 1'000 * s + 10);
    EXPECT_EQ(points[s].metrics.active_sessions, s + 1) << "second " << s;
  }
}

TEST_F(ingest_fixture, a_burst_of_batches_and_rejects_costs_one_publication) {
  sink.accept(connect("a", 1'000));
  sink.reject(decode_reason::malformed_json, "not JSON");
  sink.accept(std::vector<events::session_event>{connect("b", 2'000), connect("c", 3'000)});
  ioc.run();
  EXPECT_EQ(publications, 1);
  EXPECT_EQ(counters().batches_applied, 2u);
  EXPECT_EQ(counters().events_applied, 3u);
}

TEST_F(ingest_fixture, an_empty_batch_is_neither_applied_nor_published) {
  sink.accept(std::span<const events::session_event>{});
  ioc.run();
  EXPECT_EQ(publications, 0);
  EXPECT_EQ(aggregator.snapshot().counters.batches_applied, 0u);
}

// Paced publication: the leading edge at once, a burst within the gap held for the gap's end
// (a real timer of 20 ms here; the loop is bounded), never a publication per burst.
TEST_F(ingest_fixture, a_burst_within_the_gap_after_a_publication_waits_for_the_gap_end) {
  ingest paced{ioc, clock, aggregator, history, [this] { ++publications; }, 20};
  paced.accept(connect("a", 1'000));
  ioc.restart();
  ioc.poll();
  EXPECT_EQ(publications, 1) << "after a quiet gap a burst goes out at once";
  paced.accept(connect("b", 2'000));
  paced.accept(connect("c", 3'000));
  ioc.restart();
  ioc.poll();
  EXPECT_EQ(publications, 1) << "within the gap the burst waits";
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  ioc.restart();
  while (publications < 2 && std::chrono::steady_clock::now() < limit) ioc.run_one_for(std::chrono::milliseconds(50));
  EXPECT_EQ(publications, 2);
  EXPECT_EQ(paced.snapshots().load()->all.active_sessions, 3);
}

// Ticks publish whatever arrives; a burst after them (and no burst within the gap) still
// goes out at once: the leading edge is measured from the last burst, not the last tick.
TEST_F(ingest_fixture, a_ticks_publication_does_not_hold_back_the_next_burst) {
  ingest paced{ioc, clock, aggregator, history, [this] { ++publications; }, 60'000};
  paced.publish();  // a tick
  ASSERT_EQ(publications, 1);
  paced.accept(connect("a", 1'000));
  ioc.restart();
  ioc.poll();
  EXPECT_EQ(publications, 2) << "no burst was published within the gap: at once";
  paced.accept(connect("b", 2'000));
  ioc.restart();
  ioc.poll();
  EXPECT_EQ(publications, 2) << "within the gap after a burst's publication, the next one waits";
}

TEST_F(ingest_fixture, a_reader_waiting_gets_the_next_burst_published_at_once) {
  ingest paced{ioc, clock, aggregator, history, [this] { ++publications; }, 60'000};
  paced.accept(connect("a", 1'000));
  ioc.restart();
  ioc.poll();
  ASSERT_EQ(publications, 1);
  paced.want_fresh();
  paced.accept(connect("b", 2'000));
  ioc.restart();
  ioc.poll();
  EXPECT_EQ(publications, 2) << "a reader asked: no waiting for the gap";
  EXPECT_EQ(paced.snapshots().load()->all.active_sessions, 2);
  paced.accept(connect("c", 3'000));
  ioc.restart();
  ioc.poll();
  EXPECT_EQ(publications, 2) << "the reader's wish was used up by the last publication";
}

// A reader polling non-stop (every request asks for a fresh answer) gets a publication at most
// once per reader gap, not one per burst: each costs a snapshot and empties the answer cache.
TEST_F(ingest_fixture, a_reader_polling_non_stop_gets_at_most_one_publication_per_reader_gap) {
  ingest paced{ioc, clock, aggregator, history, [this] { ++publications; }, 60'000, 10};
  paced.accept(connect("a", 1'000));
  ioc.restart();
  ioc.poll();
  ASSERT_EQ(publications, 1) << "the leading edge";
  for (int i = 0; i < 5; ++i) {
    clock.advance(1);
    paced.want_fresh();
    paced.accept(connect("b" + std::to_string(i), 2'000 + i));
    ioc.restart();
    ioc.poll();
  }
  EXPECT_EQ(publications, 1) << "five bursts within the reader gap, each with a reader waiting: none yet";
  clock.advance(5);
  paced.want_fresh();
  paced.accept(connect("c", 3'000));
  ioc.restart();
  ioc.poll();
  EXPECT_EQ(publications, 2) << "the reader gap has passed: the burst a reader waits for goes out";
  EXPECT_EQ(paced.snapshots().load()->all.active_sessions, 7);
}

// A reader arriving while a burst waits for the whole gap brings that burst forward to the
// reader gap (here on the real timer: 10 ms, not the minute).
TEST_F(ingest_fixture, a_reader_brings_a_burst_waiting_for_the_gap_forward) {
  ingest paced{ioc, clock, aggregator, history, [this] { ++publications; }, 60'000, 10};
  paced.accept(connect("a", 1'000));
  ioc.restart();
  ioc.poll();
  ASSERT_EQ(publications, 1);
  paced.accept(connect("b", 2'000));
  ioc.restart();
  ioc.poll();
  ASSERT_EQ(publications, 1) << "within the gap: waits for its end";
  paced.want_fresh();
  paced.accept(connect("c", 3'000));
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  ioc.restart();
  while (publications < 2 && std::chrono::steady_clock::now() < limit) ioc.run_one_for(std::chrono::milliseconds(50));
  EXPECT_EQ(publications, 2);
  EXPECT_EQ(paced.snapshots().load()->all.active_sessions, 3);
}

TEST_F(ingest_fixture, rejects_are_counted_by_reason_where_they_are_received) {
  sink.reject(decode_reason::malformed_json, "one");
  sink.reject(decode_reason::malformed_json, "two");
  sink.reject(decode_reason::too_large, "three");
  ioc.run();
  EXPECT_EQ(rejected(decode_reason::malformed_json), 2u);
  EXPECT_EQ(rejected(decode_reason::too_large), 1u);
  EXPECT_EQ(rejected(decode_reason::bad_timestamp), 0u);
  EXPECT_EQ(sink.status()->rejected_total(), 3u);
  EXPECT_EQ(counters().events_applied, 0u);
}

TEST_F(ingest_fixture, the_published_status_is_the_sources_with_the_sinks_counts) {
  fake_source source;
  source.reported.source_kind = "tutorial";
  source.reported.state = events::connection_state::connected;
  source.reported.frames_received = 4;
  source.reported.reconnects = 2;
  source.reported.events_ingested = 99;  // not the source's to count: the sink's count wins
  source.reported.rejected[0] = 99;
  sink.set_source(source);
  sink.accept(std::vector<events::session_event>{connect("a", 5'000), connect("b", 4'000)});
  sink.reject(decode_reason::missing_field, "no session id");
  ioc.run();
  const auto st = sink.status();
  EXPECT_EQ(st->source_kind, "tutorial");
  EXPECT_EQ(st->state, events::connection_state::connected);
  EXPECT_EQ(st->frames_received, 4u);
  EXPECT_EQ(st->reconnects, 2u);
  EXPECT_EQ(st->events_ingested, 2u);
  EXPECT_EQ(st->last_event_ms, 5'000) << "the newest event, not the last delivered";
  EXPECT_EQ(st->rejected_total(), 1u);
  EXPECT_EQ(st->rejected[static_cast<std::size_t>(decode_reason::missing_field)], 1u);
  EXPECT_FALSE(st->genesys);
}

TEST_F(ingest_fixture, a_replayed_chunk_reaches_the_aggregator_as_one_batch) {
  const auto file = std::filesystem::temp_directory_path() / ("wmpulse-ingest-" + std::to_string(::getpid()) + ".jsonl");
  {
    std::ofstream out(file, std::ios::binary);
    for (int i = 0; i < 10; ++i)
      out << R"({"eventType":"webchat:connected","timestamp":"2026-11-28T02:18:1)" << i << R"(Z","data":{"sessionId":"s)"
          << i << "\"}}\n";
    out << "not json\n";
  }
  sources::replay_source source(ioc, file.string(), sink);
  sink.set_source(source);
  source.start();
  ioc.run();
  std::filesystem::remove(file);
  EXPECT_EQ(counters().batches_applied, 1u);
  EXPECT_EQ(counters().events_applied, 10u);
  EXPECT_EQ(publications, 1);
  const auto st = sink.status();
  EXPECT_EQ(st->source_kind, "replay");
  EXPECT_EQ(st->state, events::connection_state::stopped);
  EXPECT_EQ(st->frames_received, 11u);
  EXPECT_EQ(st->events_ingested, 10u);
  EXPECT_EQ(st->rejected[static_cast<std::size_t>(decode_reason::malformed_json)], 1u);
}

// A log that records what it was handed and delivers only when told (as the cluster's stream does).
struct held_log final : events::event_log {
  void append(std::span<const events::session_event> batch, core::millis arrived_ms) override {
    appended.emplace_back(batch.begin(), batch.end());
    arrivals.push_back(arrived_ms);
  }
  void tick(core::millis, core::millis) override { ++ticks; }
  std::vector<std::vector<events::session_event>> appended;
  std::vector<core::millis> arrivals;
  int ticks = 0;
};

TEST_F(ingest_fixture, with_a_log_a_batch_is_appended_once_and_applied_only_when_the_log_delivers_it) {
  held_log log;
  sink.set_log(log);
  const std::vector<events::session_event> batch{connect("a", 1'000), connect("b", 2'000)};
  sink.accept(batch);
  ioc.run();
  ASSERT_EQ(log.appended.size(), 1u) << "one append per batch, not per event";
  EXPECT_EQ(log.appended[0], batch);
  EXPECT_EQ(log.arrivals[0], clock.now_ms());
  EXPECT_EQ(aggregator.snapshot().counters.events_applied, 0u) << "nothing applied before the log delivers";
  sink.apply_delivered(log.appended[0]);
  ioc.restart();
  ioc.run();
  EXPECT_EQ(counters().batches_applied, 1u);
  EXPECT_EQ(counters().events_applied, 2u);
  EXPECT_EQ(sink.status()->events_ingested, 2u);
  sink.tick_log();
  EXPECT_EQ(log.ticks, 1);
}

}  // namespace
}  // namespace wmpulse::app
