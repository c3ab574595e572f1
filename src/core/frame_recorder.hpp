#pragma once
// Records every inbound frame with its receive time, one JSON line each:
//   {"t":<wall ms>,"source":"genesys","frame":<the frame as JSON, or as a string if it is not JSON>}
// record() only copies the frame into a queue under a mutex; a thread of its own formats,
// writes and flushes (at least once a second), rotating the file by size. A write error is
// logged once and counted; frames then keep being dropped (counted), ingest never waits.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/recorder_stats.hpp"

namespace wmpulse::core {

struct recorder_settings {
  std::string path;
  std::uint64_t max_bytes = 256ULL << 20;     // rotate once the file would pass this
  int keep_rotated = 4;                        // path.1 … path.N kept besides path
  std::size_t max_pending_bytes = 64ULL << 20;  // queued but unwritten; beyond, frames are dropped
};

class frame_recorder {
public:
  explicit frame_recorder(recorder_settings settings);
  ~frame_recorder();  // writes what is queued, then stops
  frame_recorder(const frame_recorder&) = delete;
  frame_recorder& operator=(const frame_recorder&) = delete;

  void record(std::string_view source, std::string_view frame, std::int64_t wall_ms);
  void flush();  // waits until what was recorded so far is written (tests, shutdown)
  recorder_stats stats() const;

private:
  struct pending {
    std::int64_t t;
    std::string source;
    std::string frame;
  };
  void run();
  void write_all(std::vector<pending>& items);
  bool write_data(const std::string& data);
  bool open_file();
  void rotate();
  void fail(const std::string& what);

  recorder_settings settings_;
  mutable std::mutex mutex_;
  std::condition_variable wake_, written_;
  std::vector<pending> queue_;
  std::size_t queued_bytes_ = 0;
  std::uint64_t generation_ = 0, done_generation_ = 0;
  bool stopping_ = false;
  bool wake_requested_ = false;  // flush() or a filling queue: write now, not at the next second
  recorder_stats stats_;
  int fd_ = -1;
  std::uint64_t file_bytes_ = 0;
  bool failed_ = false;  // logged once until a write succeeds again
  std::thread thread_;
};

}  // namespace wmpulse::core
