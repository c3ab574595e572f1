#include "server/subscription_hub.hpp"

#include <algorithm>

#include "graphql/response_writer.hpp"

namespace wmpulse::server {

std::optional<core::millis> publish_pacer::on_notify(core::millis now) {
  if (scheduled_) return std::nullopt;
  scheduled_ = true;
  if (!last_ || now >= *last_ + interval_) return now;
  return *last_ + interval_;
}

void publish_pacer::on_published(core::millis now) {
  scheduled_ = false;
  last_ = now;
}

//------------------------------------------------------------------------------

struct subscription_hub::group {
  std::function<boost::json::object()> execute;
  std::mutex mutex;  // guards what follows
  std::shared_ptr<const std::string> last;
  bool request_error = false;
  std::vector<member> members;
};

namespace {
std::shared_ptr<const std::string> serialized(const boost::json::object& result) {
  return std::make_shared<const std::string>(graphql::write_json(result));
}
}  // namespace

subscription_hub::subscription_hub(const core::clock& clock, options opts)
    : clock_(clock), opts_(opts), pacer_(opts.min_interval_ms) {}

subscription_hub::~subscription_hub() = default;

subscription_hub::first_result subscription_hub::add(const ws_operation& op, std::weak_ptr<next_sink> sink,
                                                     const next_sink* who, const std::string& id,
                                                     std::uint64_t serial) {
  std::lock_guard lock(mutex_);
  if (!groups_.contains(op.key) && groups_.size() >= opts_.max_keys) return first_result{nullptr, false, true};
  auto& slot = groups_[op.key];
  if (!slot) {
    slot = std::make_shared<group>();
    slot->execute = op.execute;
  }
  const std::shared_ptr<group> keep = slot;  // outlives group_lock, as in remove()
  group& g = *keep;
  std::lock_guard group_lock(g.mutex);
  if (!g.last) {
    auto result = g.execute();
    g.request_error = !result.contains("data");
    g.last = serialized(result);
  }
  first_result first{g.last, g.request_error};
  if (g.request_error) {
    if (g.members.empty()) groups_.erase(op.key);
    return first;
  }
  g.members.push_back(member{who, std::move(sink), id, serial});
  return first;
}

void subscription_hub::remove(const std::string& key, const next_sink* who, const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = groups_.find(key);
  if (it == groups_.end()) return;
  // Held past group_lock: erasing the last member's group must not free the mutex still locked.
  const std::shared_ptr<group> g = it->second;
  std::lock_guard group_lock(g->mutex);
  std::erase_if(g->members, [&](const member& m) { return m.who == who && m.id == id; });
  if (g->members.empty()) groups_.erase(it);
}

std::optional<core::millis> subscription_hub::on_notify() {
  std::lock_guard lock(mutex_);
  return pacer_.on_notify(clock_.steady_ms());
}

publish_stats subscription_hub::publish() {
  std::vector<std::shared_ptr<group>> groups;
  {
    std::lock_guard lock(mutex_);
    pacer_.on_published(clock_.steady_ms());
    groups.reserve(groups_.size());
    for (auto& [key, g] : groups_) groups.push_back(g);
  }
  publish_stats stats;
  for (auto& g : groups) publish_group(*g, stats);
  return stats;
}

bool subscription_hub::publish_group(group& g, publish_stats& stats) {
  ++stats.keys;
  // Executed outside every lock: sessions keep subscribing while this runs.
  auto payload = serialized(g.execute());
  std::vector<member> members;
  {
    std::lock_guard lock(g.mutex);
    if (g.last && *g.last == *payload) return false;
    g.last = payload;
    std::erase_if(g.members, [](const member& m) { return m.sink.expired(); });
    members = g.members;
  }
  ++stats.changed;
  for (auto& m : members) {
    if (auto sink = m.sink.lock()) {
      sink->offer(m.id, m.serial, payload);
      ++stats.deliveries;
    }
  }
  return true;
}

std::size_t subscription_hub::subscriber_count() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (auto& [key, g] : groups_) {
    std::lock_guard group_lock(g->mutex);
    n += g->members.size();
  }
  return n;
}

std::size_t subscription_hub::key_count() const {
  std::lock_guard lock(mutex_);
  return groups_.size();
}

}  // namespace wmpulse::server
