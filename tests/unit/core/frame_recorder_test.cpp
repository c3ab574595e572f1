#include "core/frame_recorder.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

namespace wmpulse::core {
namespace {

namespace fs = std::filesystem;

struct recorder_fixture : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("wmpulse-record-" + std::to_string(::getpid()) + "-" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  recorder_fixture() { fs::create_directories(dir); }
  ~recorder_fixture() override { fs::remove_all(dir); }

  static std::vector<std::string> lines_of(const fs::path& p) {
    std::ifstream in(p);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
};

TEST_F(recorder_fixture, each_frame_is_one_line_with_its_time_and_source_json_frames_as_json_others_as_text) {
  const auto path = (dir / "rec.jsonl").string();
  {
    frame_recorder r({path});
    r.record("genesys", "{\"topicName\":\"channel.metadata\",\n \"eventBody\":{\"message\":\"pong\"}}", 1764650000123);
    r.record("tutorial", "not json\n at all", 1764650000124);
  }
  const auto lines = lines_of(path);
  ASSERT_EQ(lines.size(), 2u);
  const auto first = boost::json::parse(lines[0]).as_object();
  EXPECT_EQ(first.at("t").as_int64(), 1764650000123);
  EXPECT_EQ(first.at("source").as_string(), "genesys");
  EXPECT_EQ(first.at("frame").at("eventBody").at("message").as_string(), "pong");
  EXPECT_EQ(boost::json::parse(lines[1]).at("frame").as_string(), "not json\n at all");
}

TEST_F(recorder_fixture, the_file_rotates_by_size_keeping_the_newest_files) {
  const auto path = (dir / "rec.jsonl").string();
  recorder_settings s{path};
  s.max_bytes = 400;
  s.keep_rotated = 2;
  const std::string frame = R"({"eventType":"webchat:message","data":{"sessionId":"s-0000000001"}})";  // ~110 bytes a line
  frame_recorder r(s);
  for (int i = 0; i < 20; ++i) {
    r.record("tutorial", frame, 1000 + i);
    r.flush();
  }
  ASSERT_TRUE(fs::exists(path));
  ASSERT_TRUE(fs::exists(path + ".1"));
  ASSERT_TRUE(fs::exists(path + ".2"));
  EXPECT_FALSE(fs::exists(path + ".3")) << "only keep_rotated old files are kept";
  for (const auto& p : {path, path + ".1", path + ".2"}) EXPECT_LE(fs::file_size(p), 400u) << p;
  // The newest lines are in the current file, the older ones in .1 then .2, in order.
  const auto current = lines_of(path);
  ASSERT_FALSE(current.empty());
  EXPECT_EQ(boost::json::parse(current.back()).at("t").as_int64(), 1019);
  const auto older = lines_of(path + ".1");
  ASSERT_FALSE(older.empty());
  EXPECT_EQ(boost::json::parse(older.back()).at("t").as_int64() + 1,
            boost::json::parse(current.front()).at("t").as_int64());
  EXPECT_GE(r.stats().rotations, 5u);
  EXPECT_EQ(r.stats().frames_written, 20u);
}

TEST_F(recorder_fixture, a_full_disk_is_counted_and_logged_once_and_recording_never_blocks) {
  frame_recorder r({"/dev/full"});
  for (int i = 0; i < 3; ++i) {
    r.record("genesys", "{}", i);
    r.flush();
  }
  const auto st = r.stats();
  EXPECT_EQ(st.frames_written, 0u);
  EXPECT_EQ(st.frames_dropped, 3u);
  EXPECT_EQ(st.write_errors, 3u);
}

TEST_F(recorder_fixture, a_directory_that_cannot_be_written_drops_frames_and_counts_them) {
  const auto path = (dir / "missing" / "rec.jsonl").string();  // the directory does not exist
  frame_recorder r({path});
  r.record("tutorial", "{}", 1);
  r.flush();
  EXPECT_EQ(r.stats().frames_dropped, 1u);
  EXPECT_GE(r.stats().write_errors, 1u);
}

TEST_F(recorder_fixture, frames_beyond_the_pending_limit_are_dropped_not_queued_without_bound) {
  recorder_settings s{(dir / "rec.jsonl").string()};
  s.max_pending_bytes = 10;
  frame_recorder r(s);
  r.record("tutorial", std::string(11, 'x'), 1);
  EXPECT_EQ(r.stats().frames_dropped, 1u);
}

}  // namespace
}  // namespace wmpulse::core
