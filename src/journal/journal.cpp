#include "journal/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "core/log.hpp"
#include "events/event_codec.hpp"
#include "events/event_id.hpp"
#include "journal/segment_format.hpp"

namespace wmpulse::journal {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view extension = ".wmpj";

// One read of the whole file (a day's segment is tens of MB: not a character at a time).
std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  std::string bytes(in ? static_cast<std::size_t>(in.tellg()) : 0, '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
  return bytes;
}

std::vector<fs::path> segment_files(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == extension) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

journal::journal(journal_options options, delivery deliver, core::millis now_ms)
    : options_(std::move(options)), deliver_(std::move(deliver)) {
  std::error_code ec;
  fs::create_directories(options_.dir, ec);
  if (ec || !fs::is_directory(options_.dir))
    throw std::runtime_error("--data-dir " + options_.dir.string() + ": cannot create the directory (" + ec.message() + ")");
  open_existing(now_ms);
}

journal::~journal() { close_segment(); }

void journal::open_existing(core::millis now_ms) {
  const auto files = segment_files(options_.dir);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& path = files[i];
    const auto bytes = read_file(path);
    const auto header = decode_header(bytes);
    if (!header && bytes.size() < header_bytes && i + 1 == files.size()) {
      core::log_warn("journal", "removed " + path.string() + ": its header was cut short (a crash as it was created)");
      fs::remove(path);
      ++stats_.tails_cut;
      break;
    }
    if (!header || header->version != format_version) {
      set_aside(header ? "its format version is " + std::to_string(header->version) + ", this build reads version " +
                             std::to_string(format_version)
                       : path.filename().string() + " is not a wmpulse journal segment",
                now_ms);
      return;
    }
    segments_.push_back({path, header->created_ms});
    check_segment(path, bytes);
    next_number_ = std::max<std::uint64_t>(next_number_, std::stoull(path.stem().string()) + 1);
  }
}

// Walks the records; cuts the file at the first one that is torn or corrupt.
void journal::check_segment(const fs::path& path, const std::string& bytes) {
  std::size_t at = header_bytes;
  for (;;) {
    const auto r = scan_record(std::string_view(bytes).substr(at));
    if (r.status == scan_status::end) return;
    if (r.status != scan_status::ok) {
      core::log_warn("journal", "cut " + path.string() + " at byte " + std::to_string(at) + " (" +
                                    std::to_string(bytes.size() - at) + " bytes dropped): " + r.problem);
      fs::resize_file(path, at);
      ++stats_.tails_cut;
      return;
    }
    if (!first_ms_) first_ms_ = r.arrived_ms;
    last_ms_ = r.arrived_ms;
    at += r.size;
  }
}

void journal::set_aside(const std::string& why, core::millis now_ms) {
  const auto aside = options_.dir / ("incompatible-" + std::to_string(now_ms));
  fs::create_directories(aside);
  for (const auto& path : segment_files(options_.dir)) fs::rename(path, aside / path.filename());
  core::log_error("journal", "the journal in " + options_.dir.string() + " cannot be read by this build (" + why +
                                 "); moved it aside to " + aside.string() + " and began an empty one");
  segments_.clear();
  first_ms_.reset();
  last_ms_.reset();
  stats_.set_aside = true;
}

void journal::replay(const replay_handler& on_record, core::millis now_ms, core::millis steady_ms) {
  for (const auto& seg : segments_) {
    const auto bytes = read_file(seg.path);
    stats_.bytes_replayed += bytes.size();
    std::size_t at = header_bytes;
    for (auto r = scan_record(std::string_view(bytes).substr(at)); r.status == scan_status::ok;
         r = scan_record(std::string_view(bytes).substr(at))) {
      at += r.size;
      auto batch = events::decode_batch(r.batch);
      if (!batch) {
        if (stats_.undecodable_records++ == 0)
          core::log_warn("journal", "skipped a record of " + seg.path.string() + " that does not decode: " + batch.error());
        continue;
      }
      ++stats_.records_replayed;
      stats_.events_replayed += batch.value().size();
      remember_replayed(batch.value());
      on_record(r.arrived_ms, batch.value());
    }
  }
  if (!replayed_ids_.empty()) dedup_until_steady_ = steady_ms + options_.dedup_window_ms;
  begin_segment(now_ms);
  if (fd_ < 0) throw std::runtime_error("--data-dir " + options_.dir.string() + ": cannot write a journal segment");
  last_flush_steady_ = steady_ms;
}

void journal::remember_replayed(std::span<const events::session_event> batch) {
  for (const auto h : events::event_id_hashes(batch)) replayed_ids_.insert(h);
}

std::vector<events::session_event> journal::without_replayed(std::span<const events::session_event> batch) {
  std::vector<events::session_event> fresh;
  const auto hashes = events::event_id_hashes(batch);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (replayed_ids_.contains(hashes[i])) ++stats_.duplicates_dropped;
    else fresh.push_back(batch[i]);
  }
  return fresh;
}

void journal::append(std::span<const events::session_event> batch, core::millis arrived_ms) {
  std::vector<events::session_event> fresh;
  if (!replayed_ids_.empty()) {
    fresh = without_replayed(batch);
    batch = fresh;
  }
  if (batch.empty()) return;
  encode_record(arrived_ms, batch, pending_);
  appended_since_flush_ = true;
  deliver_(batch, arrived_ms);
}

void journal::tick(core::millis now_ms, core::millis steady_ms) {
  if (fd_ < 0 || steady_ms - last_flush_steady_ < options_.flush_interval_ms) return;
  last_flush_steady_ = steady_ms;
  // A heartbeat: the replay knows the service was up this second (its history has a point).
  if (!appended_since_flush_) encode_record(now_ms, {}, pending_);
  appended_since_flush_ = false;
  flush();
  if (segment_bytes_ >= options_.max_segment_bytes || now_ms - segments_.back().created_ms >= options_.max_segment_age_ms) {
    close_segment();
    begin_segment(now_ms);
  }
  drop_expired(now_ms);
  if (dedup_until_steady_ && steady_ms >= *dedup_until_steady_) {
    replayed_ids_ = {};
    dedup_until_steady_.reset();
  }
}

void journal::flush() {
  if (fd_ < 0 || pending_.empty()) return;
  std::string_view rest = pending_;
  while (!rest.empty()) {
    const auto n = ::write(fd_, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ++stats_.write_errors;
      core::log_error("journal", "writing " + segments_.back().path.string() + " failed (" + errno_text() + "); " +
                                     std::to_string(rest.size()) + " bytes not journaled");
      break;
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
    segment_bytes_ += static_cast<std::size_t>(n);
  }
  pending_.clear();
  if (::fdatasync(fd_) != 0) ++stats_.write_errors;
}

void journal::begin_segment(core::millis now_ms) {
  char name[32];
  std::snprintf(name, sizeof name, "%020llu", static_cast<unsigned long long>(next_number_++));
  const auto path = options_.dir / (std::string(name) + std::string(extension));
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    ++stats_.write_errors;
    core::log_error("journal", "cannot create " + path.string() + " (" + errno_text() + ")");
    return;
  }
  segments_.push_back({path, now_ms});
  segment_bytes_ = 0;
  // The header, and a heartbeat: the replay then knows the service was up from this second on.
  std::string head = encode_header({format_version, now_ms});
  encode_record(now_ms, {}, head);
  pending_.insert(0, head);
  flush();
}

void journal::close_segment() {
  if (fd_ < 0) return;
  flush();
  ::close(fd_);
  fd_ = -1;
}

// A segment can go once the next one began before the retention: all its records are older.
void journal::drop_expired(core::millis now_ms) {
  while (segments_.size() >= 2 && segments_[1].created_ms <= now_ms - options_.retention_ms) {
    std::error_code ec;
    fs::remove(segments_.front().path, ec);
    segments_.erase(segments_.begin());
    ++stats_.segments_dropped;
  }
}

}  // namespace wmpulse::journal
