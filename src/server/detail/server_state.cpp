#include "server/detail/server_state.hpp"

#include "net/run_guarded.hpp"

namespace wmpulse::server::detail {

void session_registry::add(const std::shared_ptr<session_base>& s, const asio::ip::address& client) {
  std::lock_guard lock(mutex_);
  if (sessions_.emplace(s.get(), entry{s, client}).second) ++per_client_[client];
}

void session_registry::remove(const session_base* s) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(s);
  if (it == sessions_.end()) return;
  if (auto c = per_client_.find(it->second.client); c != per_client_.end() && --c->second == 0) per_client_.erase(c);
  sessions_.erase(it);
  if (sessions_.empty()) empty_.notify_all();
}

std::size_t session_registry::count_for(const asio::ip::address& client) const {
  std::lock_guard lock(mutex_);
  auto it = per_client_.find(client);
  return it == per_client_.end() ? 0 : it->second;
}

asio::ip::address normalized(const asio::ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
  return a;
}

std::size_t session_registry::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void session_registry::shutdown_all() {
  std::vector<std::shared_ptr<session_base>> live;
  {
    std::lock_guard lock(mutex_);
    for (auto& [p, e] : sessions_)
      if (auto s = e.session.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) s->shutdown();
}

bool session_registry::wait_empty(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return empty_.wait_for(lock, timeout, [&] { return sessions_.empty(); });
}

void spawn(asio::any_io_executor ex, asio::awaitable<void> task, const char* what) {
  net::co_spawn_logged(std::move(ex), std::move(task), "server", what);
}

}  // namespace wmpulse::server::detail
