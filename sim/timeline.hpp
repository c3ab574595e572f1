#pragma once
// Walks the workload in simulated time: each call to advance(now) returns every conversation
// change with time <= now, in time order (one snapshot per change, as Genesys publishes).
#include <optional>
#include <queue>
#include <vector>

#include "sim/workload.hpp"

namespace wmpulse::sim {

struct change {
  millis time = 0;
  std::size_t conversation = 0;
  friend bool operator>(const change& a, const change& b) {
    return a.time != b.time ? a.time > b.time : a.conversation > b.conversation;
  }
};

class timeline {
public:
  explicit timeline(workload_config config) : workload_(config), watermark_(config.start_ms) {}

  std::vector<change> advance(millis now);

  const workload& work() const { return workload_; }
  // Every change with time <= watermark() has been returned by advance().
  millis watermark() const { return watermark_; }
  // Time of the newest change returned so far.
  std::optional<millis> last_published() const { return last_published_; }
  // True once the workload's duration is over and everything in it was published.
  bool finished() const;

private:
  struct pending {
    millis time;
    std::size_t conversation;
    std::size_t next;  // index into changes
    friend bool operator>(const pending& a, const pending& b) {
      return a.time != b.time ? a.time > b.time : a.conversation > b.conversation;
    }
  };
  workload workload_;
  std::priority_queue<pending, std::vector<pending>, std::greater<>> heap_;
  millis watermark_;
  std::optional<millis> last_published_;
};

}  // namespace wmpulse::sim
