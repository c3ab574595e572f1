#include "server/detail/server_state.hpp"

#include <exception>
#include <string>

#include "core/log.hpp"

namespace wmpulse::server::detail {

void session_registry::add(const std::shared_ptr<session_base>& s) {
  std::lock_guard lock(mutex_);
  sessions_.emplace(s.get(), s);
}

void session_registry::remove(const session_base* s) {
  std::lock_guard lock(mutex_);
  sessions_.erase(s);
  if (sessions_.empty()) empty_.notify_all();
}

std::size_t session_registry::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void session_registry::shutdown_all() {
  std::vector<std::shared_ptr<session_base>> live;
  {
    std::lock_guard lock(mutex_);
    for (auto& [p, w] : sessions_)
      if (auto s = w.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) s->shutdown();
}

bool session_registry::wait_empty(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return empty_.wait_for(lock, timeout, [&] { return sessions_.empty(); });
}

void spawn(asio::any_io_executor ex, asio::awaitable<void> task, const char* what) {
  asio::co_spawn(ex, std::move(task), [what](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& x) {
      core::log_error("server", std::string(what) + ": " + x.what());
    }
  });
}

}  // namespace wmpulse::server::detail
