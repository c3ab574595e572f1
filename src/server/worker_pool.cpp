#include "server/worker_pool.hpp"

#include <exception>

#include "core/log.hpp"

namespace wmpulse::server {

void worker_lane::start() {
  std::lock_guard lock(mutex_);
  if (!threads_.empty() || stopping_) return;
  for (unsigned i = 0; i < std::max(1u, opts_.threads); ++i) threads_.emplace_back([this] { run(); });
}

bool worker_lane::try_post(std::function<void()>& job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || jobs_.size() >= opts_.max_queue) {
      ++refused_;
      return false;
    }
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

void worker_lane::stop() {
  std::deque<std::function<void()>> dropped;
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped.swap(jobs_);
    threads.swap(threads_);
  }
  wake_.notify_all();
  for (auto& t : threads) t.join();
  dropped.clear();  // outside the lock: a job's destructor may do anything
}

std::size_t worker_lane::queued() const {
  std::lock_guard lock(mutex_);
  return jobs_.size();
}

std::uint64_t worker_lane::refused() const {
  std::lock_guard lock(mutex_);
  return refused_;
}

void worker_lane::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    try {
      job();
    } catch (const std::exception& e) {
      core::log_error("server", opts_.name + " job failed: " + e.what());
    }
  }
}

}  // namespace wmpulse::server
