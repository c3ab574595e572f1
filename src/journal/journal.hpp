#pragma once
// The embedded event log (--data-dir): every batch a source produces is appended to the
// current segment file and delivered at once; at start the segments are replayed through
// the same apply path, so the aggregator and the history come back as they were.
// Single-threaded: the ingest thread (or the thread that opens and replays before it runs).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/unordered/unordered_flat_set.hpp>

#include "events/event_log.hpp"

namespace wmpulse::journal {

struct journal_options {
  std::filesystem::path dir;
  core::millis retention_ms = 86'400'000;     // whole segments older than this are dropped
  std::size_t max_segment_bytes = 64u << 20;  // a segment this big is closed and a new one begun
  core::millis max_segment_age_ms = 3'600'000;
  core::millis flush_interval_ms = 1'000;     // at most this long between a write and the disk
  core::millis dedup_window_ms = 600'000;     // after a replay, repeats of replayed events are dropped this long
};

struct journal_stats {
  std::uint64_t records_replayed = 0;
  std::uint64_t events_replayed = 0;
  std::uint64_t bytes_replayed = 0;
  std::uint64_t tails_cut = 0;            // torn or corrupt tails cut at open
  std::uint64_t undecodable_records = 0;  // a good checksum but a batch that does not decode
  std::uint64_t duplicates_dropped = 0;   // events appended again after a restart (e.g. a backfill)
  std::uint64_t segments_dropped = 0;     // by retention
  std::uint64_t write_errors = 0;
  bool set_aside = false;                 // an incompatible journal was moved aside at open
};

class journal final : public events::event_log {
public:
  // Opens the directory (creating it), checks every segment: a torn or corrupt tail is cut
  // (logged), an incompatible journal is moved to DIR/incompatible-<ms>/ (logged) and an empty
  // one begun. Throws std::runtime_error naming the directory when it cannot be used.
  journal(journal_options options, delivery deliver, core::millis now_ms);
  ~journal() override;  // flushes what is pending
  journal(const journal&) = delete;
  journal& operator=(const journal&) = delete;

  // The oldest and newest record times; nullopt for an empty journal.
  std::optional<core::millis> first_record_ms() const { return first_ms_; }
  std::optional<core::millis> last_record_ms() const { return last_ms_; }

  // Reads every record, oldest first (heartbeats as empty batches), then begins a new segment.
  using replay_handler = std::function<void(core::millis arrived_ms, std::span<const events::session_event> batch)>;
  void replay(const replay_handler& on_record, core::millis now_ms, core::millis steady_ms);

  void append(std::span<const events::session_event> batch, core::millis arrived_ms) override;
  // Every flush_interval_ms: writes and syncs what is pending (a heartbeat when nothing is),
  // closes a full or old segment, drops segments past the retention, ends the dedup window.
  void tick(core::millis now_ms, core::millis steady_ms) override;
  void flush();

  const journal_stats& stats() const { return stats_; }

private:
  struct segment {
    std::filesystem::path path;
    core::millis created_ms;
  };
  void open_existing(core::millis now_ms);
  void check_segment(const std::filesystem::path& path, const std::string& bytes);
  void set_aside(const std::string& why, core::millis now_ms);
  void begin_segment(core::millis now_ms);
  void close_segment();
  void drop_expired(core::millis now_ms);
  void remember_replayed(std::span<const events::session_event> batch);
  std::vector<events::session_event> without_replayed(std::span<const events::session_event> batch);

  journal_options options_;
  delivery deliver_;
  std::vector<segment> segments_;
  std::uint64_t next_number_ = 1;
  int fd_ = -1;
  std::size_t segment_bytes_ = 0;
  std::string pending_;
  bool appended_since_flush_ = false;
  core::millis last_flush_steady_ = 0;
  core::millis last_arrival_ms_ = 0;
  std::optional<core::millis> first_ms_, last_ms_;
  boost::unordered_flat_set<std::uint64_t> replayed_ids_;
  std::optional<core::millis> dedup_until_steady_;
  journal_stats stats_;
};

}  // namespace wmpulse::journal
