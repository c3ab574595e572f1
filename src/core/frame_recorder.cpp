#include "core/frame_recorder.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "core/json_writer.hpp"
#include "core/log.hpp"

namespace wmpulse::core {
namespace {

constexpr std::string_view component = "record";

// The frame as JSON when it is JSON (compact, so the line stays one line), else as a string.
std::string format_line(std::int64_t t, const std::string& source, const std::string& frame) {
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(frame, ec);
  boost::json::object line;
  line["t"] = t;
  line["source"] = source;
  line["frame"] = ec ? boost::json::value(frame) : std::move(parsed);
  std::string out = write_json(line);
  out += '\n';
  return out;
}

}  // namespace

frame_recorder::frame_recorder(recorder_settings settings) : settings_(std::move(settings)) {
  open_file();
  thread_ = std::thread([this] { run(); });
}

frame_recorder::~frame_recorder() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  if (fd_ >= 0) ::close(fd_);
}

void frame_recorder::record(std::string_view source, std::string_view frame, std::int64_t wall_ms) {
  bool urgent = false;
  {
    std::lock_guard lock(mutex_);
    if (queued_bytes_ + frame.size() > settings_.max_pending_bytes) {
      ++stats_.frames_dropped;
      return;
    }
    queued_bytes_ += frame.size();
    queue_.push_back({wall_ms, std::string(source), std::string(frame)});
    ++generation_;
    urgent = queued_bytes_ > settings_.max_pending_bytes / 4;
    wake_requested_ = wake_requested_ || urgent;
  }
  if (urgent) wake_.notify_one();
}

void frame_recorder::flush() {
  std::unique_lock lock(mutex_);
  const auto wanted = generation_;
  wake_requested_ = true;
  wake_.notify_one();
  written_.wait(lock, [&] { return done_generation_ >= wanted; });
}

recorder_stats frame_recorder::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void frame_recorder::run() {
  std::vector<pending> items;
  for (;;) {
    std::uint64_t generation = 0;
    bool stopping = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_ || wake_requested_; });
      wake_requested_ = false;
      items.swap(queue_);
      queued_bytes_ = 0;
      generation = generation_;
      stopping = stopping_;
    }
    write_all(items);
    items.clear();
    {
      std::lock_guard lock(mutex_);
      done_generation_ = generation;
    }
    written_.notify_all();
    if (stopping) {
      std::lock_guard lock(mutex_);
      if (queue_.empty()) return;
    }
  }
}

void frame_recorder::write_all(std::vector<pending>& items) {
  if (items.empty()) return;
  if (fd_ < 0) open_file();
  std::string buffer;
  std::uint64_t in_buffer = 0, written = 0, dropped = 0;
  const auto write_buffer = [&] {
    (write_data(buffer) ? written : dropped) += in_buffer;
    buffer.clear();
    in_buffer = 0;
  };
  for (const auto& item : items) {
    std::string line = format_line(item.t, item.source, item.frame);
    if (file_bytes_ + buffer.size() + line.size() > settings_.max_bytes && file_bytes_ + buffer.size() > 0) {
      write_buffer();
      rotate();
    }
    buffer += line;
    ++in_buffer;
  }
  write_buffer();
  std::lock_guard lock(mutex_);
  stats_.frames_written += written;
  stats_.frames_dropped += dropped;
}

// One write(2) loop: the kernel has the data once this returns, so a crash loses nothing more.
bool frame_recorder::write_data(const std::string& data) {
  if (data.empty()) return true;
  if (fd_ < 0) return false;
  std::size_t done = 0;
  while (done < data.size()) {
    const auto n = ::write(fd_, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      fail("cannot write " + settings_.path + ": " + std::strerror(errno));
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  file_bytes_ += data.size();
  failed_ = false;
  return true;
}

bool frame_recorder::open_file() {
  fd_ = ::open(settings_.path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd_ < 0) {
    fail("cannot open " + settings_.path + ": " + std::strerror(errno));
    return false;
  }
  const auto end = ::lseek(fd_, 0, SEEK_END);
  file_bytes_ = end > 0 ? static_cast<std::uint64_t>(end) : 0;
  return true;
}

// path.N-1 → path.N … path → path.1, the oldest beyond keep_rotated dropped.
void frame_recorder::rotate() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  const auto name = [&](int i) { return i == 0 ? settings_.path : settings_.path + "." + std::to_string(i); };
  std::remove(name(settings_.keep_rotated).c_str());
  for (int i = settings_.keep_rotated - 1; i >= 0; --i) std::rename(name(i).c_str(), name(i + 1).c_str());
  {
    std::lock_guard lock(mutex_);
    ++stats_.rotations;
  }
  open_file();
}

void frame_recorder::fail(const std::string& what) {
  {
    std::lock_guard lock(mutex_);
    ++stats_.write_errors;
  }
  if (failed_) return;
  failed_ = true;
  log_error(component, what + " (recording continues to drop frames, ingest is not affected; logged once)");
}

}  // namespace wmpulse::core
