// The embedded journal on a temporary directory: what is appended is delivered at once and
// replayed after a reopen; a torn or corrupt tail is cut; an incompatible journal is set
// aside; repeats of replayed events are dropped; old segments go by retention.
#include "journal/journal.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <vector>

#include "journal/segment_format.hpp"

namespace wmpulse::journal {
namespace {

namespace fs = std::filesystem;
using events::session_event;

session_event connect(std::string id, core::millis t) { return {events::event_kind::connected, std::move(id), t, {}, {}, 0, false}; }

struct delivered {
  core::millis at;
  std::vector<session_event> batch;
  bool operator==(const delivered&) const = default;
};

struct journal_fixture : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("wmpulse-journal-" + std::to_string(::getpid()) + "-" +
                                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::vector<delivered> live;
  journal_options options{dir};

  void SetUp() override { fs::remove_all(dir); }
  void TearDown() override { fs::remove_all(dir); }

  std::unique_ptr<journal> open(core::millis now = 10'000) {
    return std::make_unique<journal>(options, [this](auto b, auto at) { live.push_back({at, {b.begin(), b.end()}}); }, now);
  }
  // Opens, replays and returns the batches the replay read (heartbeats left out).
  std::vector<delivered> reopen(std::unique_ptr<journal>& j, core::millis now = 20'000) {
    j.reset();
    j = open(now);
    std::vector<delivered> read;
    j->replay(
        [&](auto at, auto b) {
          if (!b.empty()) read.push_back({at, {b.begin(), b.end()}});
        },
        now, 0);
    return read;
  }
  std::vector<fs::path> segments() const {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".wmpj") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
  }
  void append_bytes(const fs::path& file, std::string_view bytes) {
    std::ofstream(file, std::ios::binary | std::ios::app) << bytes;
  }
};

TEST_F(journal_fixture, appended_batches_are_delivered_at_once_and_replayed_after_a_reopen) {
  auto j = open();
  j->replay([](auto, auto) { FAIL() << "a new journal has nothing to replay"; }, 10'000, 0);
  j->append(std::vector{connect("a", 1), connect("b", 2)}, 10'100);
  j->append(std::vector{connect("c", 3)}, 10'200);
  ASSERT_EQ(live.size(), 2u) << "delivered before any flush";
  const auto read = reopen(j);  // the destructor flushes what was pending
  EXPECT_EQ(read, live);
  EXPECT_EQ(j->stats().events_replayed, 3u);
  EXPECT_EQ(j->first_record_ms(), 10'000) << "the heartbeat written as the journal began";
  EXPECT_EQ(j->last_record_ms(), 10'200);
}

TEST_F(journal_fixture, a_flush_each_interval_puts_the_records_on_disk_and_a_quiet_interval_writes_a_heartbeat) {
  auto j = open();
  j->replay([](auto, auto) {}, 10'000, 0);
  j->append(std::vector{connect("a", 1)}, 10'100);
  j->tick(10'500, 500);  // under a second since the last flush: nothing written yet
  EXPECT_EQ(fs::file_size(segments().back()), header_bytes + record_head_bytes + 8 + 1);
  const auto at_start = fs::file_size(segments().back());
  j->tick(11'000, 1'000);
  EXPECT_GT(fs::file_size(segments().back()), at_start);
  j->tick(12'000, 2'000);  // nothing appended in this second: a heartbeat
  // Read the file as it is on disk now (as a kill -9 would leave it), without the destructor's flush.
  const auto copy = dir / "copy";
  fs::create_directories(copy);
  fs::copy_file(segments().back(), copy / segments().back().filename());
  options.dir = copy;
  auto k = open();
  std::vector<delivered> read;
  k->replay([&](auto at, auto b) { read.push_back({at, {b.begin(), b.end()}}); }, 20'000, 0);
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[0], (delivered{10'000, {}})) << "a heartbeat as the segment begins";
  EXPECT_EQ(read[1], (delivered{10'100, {connect("a", 1)}}));
  EXPECT_EQ(read[2], (delivered{12'000, {}}));
}

TEST_F(journal_fixture, a_torn_tail_is_cut_and_what_came_before_it_replays) {
  auto j = open();
  j->replay([](auto, auto) {}, 10'000, 0);
  j->append(std::vector{connect("a", 1)}, 10'100);
  j.reset();
  std::string record;
  encode_record(10'200, std::vector{connect("b", 2)}, record);
  const auto file = segments().back();
  const auto good = fs::file_size(file);
  append_bytes(file, record.substr(0, record.size() - 3));  // a write cut short by the crash
  const auto read = reopen(j);
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].batch, std::vector{connect("a", 1)});
  EXPECT_EQ(j->stats().tails_cut, 1u);
  EXPECT_EQ(fs::file_size(file), good);
}

TEST_F(journal_fixture, a_corrupt_record_is_cut_with_everything_after_it) {
  auto j = open();
  j->replay([](auto, auto) {}, 10'000, 0);
  j->append(std::vector{connect("a", 1)}, 10'100);
  j->append(std::vector{connect("b", 2)}, 10'200);
  j->append(std::vector{connect("c", 3)}, 10'300);
  j.reset();
  const auto file = segments().back();
  std::string bytes;
  {
    std::ifstream in(file, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  // Records: the start heartbeat, a, b, c. Flip a bit in b's payload.
  std::size_t second = header_bytes;
  for (int i = 0; i < 2; ++i) second += scan_record(std::string_view(bytes).substr(second)).size;
  bytes[second + record_head_bytes + 9] ^= 0x01;
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
  const auto read = reopen(j);
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].batch, std::vector{connect("a", 1)});
  EXPECT_EQ(j->stats().tails_cut, 1u);
  EXPECT_EQ(fs::file_size(file), second);
}

TEST_F(journal_fixture, a_journal_of_another_format_version_is_set_aside_and_an_empty_one_begun) {
  fs::create_directories(dir);
  std::ofstream(dir / "00000000000000000001.wmpj", std::ios::binary) << encode_header({format_version + 1, 5});
  auto j = open(77'000);
  EXPECT_TRUE(j->stats().set_aside);
  EXPECT_TRUE(fs::exists(dir / "incompatible-77000" / "00000000000000000001.wmpj"));
  std::vector<delivered> read;
  j->replay([&](auto at, auto b) { read.push_back({at, {b.begin(), b.end()}}); }, 77'000, 0);
  EXPECT_TRUE(read.empty());
  j->append(std::vector{connect("a", 1)}, 77'100);
  EXPECT_EQ(reopen(j).size(), 1u) << "the new journal works";
}

TEST_F(journal_fixture, repeats_of_replayed_events_are_dropped_until_the_dedup_window_ends) {
  auto j = open();
  j->replay([](auto, auto) {}, 10'000, 0);
  j->append(std::vector{connect("a", 1), connect("b", 2)}, 10'100);
  reopen(j);
  live.clear();
  // A backfill after the restart sends a and b again, with c that is new.
  j->append(std::vector{connect("a", 1), connect("c", 3), connect("b", 2)}, 20'100);
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].batch, std::vector{connect("c", 3)});
  EXPECT_EQ(j->stats().duplicates_dropped, 2u);
  j->tick(20'000 + options.dedup_window_ms, options.dedup_window_ms);
  j->append(std::vector{connect("a", 1)}, 20'200);
  EXPECT_EQ(live.size(), 2u) << "after the window, the id is no longer remembered";
}

TEST_F(journal_fixture, whole_segments_older_than_the_retention_are_dropped) {
  options.retention_ms = 10'000;
  options.max_segment_age_ms = 3'000;
  auto j = open(0);
  j->replay([](auto, auto) {}, 0, 0);
  for (core::millis t = 1'000; t <= 30'000; t += 1'000) {
    j->append(std::vector{connect("s" + std::to_string(t), t)}, t);
    j->tick(t, t);
  }
  EXPECT_GT(j->stats().segments_dropped, 0u);
  // Segments begin every 3 s; the one holding second 20 may not go before 30 (its successor began at 21).
  const auto read = reopen(j, 30'000);
  ASSERT_FALSE(read.empty());
  EXPECT_LE(read.front().at, 20'000) << "everything within the retention is kept";
  EXPECT_GE(read.front().at, 17'000) << "segments wholly older than the retention went";
}

TEST_F(journal_fixture, a_segment_whose_creation_was_cut_short_is_removed) {
  auto j = open();
  j->replay([](auto, auto) {}, 10'000, 0);
  j->append(std::vector{connect("a", 1)}, 10'100);
  j.reset();
  std::ofstream(dir / "00000000000000000099.wmpj", std::ios::binary) << "WMPJ";
  const auto read = reopen(j);
  EXPECT_EQ(read.size(), 1u);
  EXPECT_FALSE(fs::exists(dir / "00000000000000000099.wmpj"));
}

}  // namespace
}  // namespace wmpulse::journal
