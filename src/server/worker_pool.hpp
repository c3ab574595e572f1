#pragma once
// A lane of worker threads with a bounded queue, so that expensive route handlers (GraphQL
// execution, /metrics) never run on the I/O threads and never queue without bound: when the
// queue is full, try_post() says no and the caller answers 503 at once.
//
//   worker_lane heavy({"heavy", 1, 64});
//   heavy.start();
//   if (!heavy.try_post([] { … })) → busy
//   heavy.stop();  // joins; jobs still queued are dropped (destroyed, never run)
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace wmpulse::server {

class worker_lane {
public:
  struct options {
    std::string name = "worker";
    unsigned threads = 1;
    std::size_t max_queue = 64;  // jobs waiting for a thread; more are refused
  };

  explicit worker_lane(options o) : opts_(std::move(o)) {}
  ~worker_lane() { stop(); }
  worker_lane(const worker_lane&) = delete;
  worker_lane& operator=(const worker_lane&) = delete;

  void start();
  // Queues `job`; false (and `job` untouched) when the queue is full or the lane stopped.
  [[nodiscard]] bool try_post(std::function<void()>& job);
  [[nodiscard]] bool try_post(std::function<void()>&& job) { return try_post(job); }
  void stop();

  std::size_t queued() const;
  std::uint64_t refused() const;
  const options& settings() const { return opts_; }

private:
  void run();

  options opts_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::uint64_t refused_ = 0;
  bool stopping_ = false;
};

}  // namespace wmpulse::server
