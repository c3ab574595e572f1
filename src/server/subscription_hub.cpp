#include "server/subscription_hub.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <utility>

#include "core/json_writer.hpp"

namespace wmpulse::server {

std::optional<core::millis> publish_pacer::on_notify(core::millis now) {
  if (scheduled_) return std::nullopt;
  scheduled_ = true;
  if (!last_ || now >= *last_ + interval_) return now;
  return *last_ + interval_;
}

void publish_pacer::on_published(core::millis now) {
  scheduled_ = false;
  before_last_ = std::exchange(last_, now);
}

void publish_pacer::on_nothing_pushed(core::millis published_at) {
  if (last_ == published_at) last_ = before_last_;
}

//------------------------------------------------------------------------------

struct subscription_hub::group {
  std::function<boost::json::object(const std::any&)> execute;
  std::mutex mutex;  // guards what follows
  std::shared_ptr<const std::string> last;  // null until the key's first result
  std::uint64_t last_tick = 0;              // the publication `last` was executed for
  std::vector<member> members;              // with those whose first result is on its way

  // Under `mutex`: `payload`, executed for publication `tick`, becomes the result unless the
  // one there is newer (an add and a publication may finish in either order) or the same.
  bool take(std::shared_ptr<const std::string> payload, std::uint64_t tick) {
    if (last && (last_tick > tick || *last == *payload)) return false;
    last = std::move(payload);
    last_tick = tick;
    return true;
  }
};

namespace {
std::shared_ptr<const std::string> serialized(const boost::json::object& result) {
  return std::make_shared<const std::string>(core::write_json(result));
}
}  // namespace

subscription_hub::subscription_hub(const core::clock& clock, options opts)
    : clock_(clock), opts_(opts), pacer_(opts.min_interval_ms) {}

subscription_hub::~subscription_hub() = default;

subscription_hub::first_result subscription_hub::add(const ws_operation& op, std::weak_ptr<next_sink> sink,
                                                     const next_sink* who, const std::string& id,
                                                     std::uint64_t serial) {
  const member self{who, std::move(sink), id, serial};
  auto joined = join(op, self);
  if (!joined.g) return first_result{nullptr, false, true};
  if (joined.last) return first_result{std::move(joined.last)};
  return first_of_new_key(op.key, *joined.g, self, joined.at);
}

// `m` joins op's group (made when new): from here on remove() and publications count it.
subscription_hub::joined subscription_hub::join(const ws_operation& op, member m) {
  std::lock_guard lock(mutex_);
  if (!groups_.contains(op.key) && groups_.size() >= opts_.max_keys) return {};
  auto& slot = groups_[op.key];
  if (!slot) {
    slot = std::make_shared<group>();
    slot->execute = op.execute;
  }
  std::lock_guard group_lock(slot->mutex);
  slot->members.push_back(std::move(m));
  return {slot, newest_, slot->last};
}

// A key with no result yet: executed here, outside every lock, against the newest root.
subscription_hub::first_result subscription_hub::first_of_new_key(const std::string& key, group& g,
                                                                  const member& self, const tick& at) {
  auto is_self = [&](const member& m) { return m.who == self.who && m.id == self.id && m.serial == self.serial; };
  boost::json::object result;
  try {
    result = g.execute(root_value(at.root));
  } catch (...) {
    drop(key, is_self);
    throw;
  }
  auto payload = serialized(result);
  if (!result.contains("data")) {  // a request error: sent once, never registered
    drop(key, is_self);
    return first_result{std::move(payload), true};
  }
  std::vector<member> others;
  {
    std::lock_guard lock(g.mutex);
    const bool replaces = g.last != nullptr;  // an older result, which the others hold
    if (g.take(payload, at.number) && replaces)
      std::ranges::copy_if(g.members, std::back_inserter(others), std::not_fn(is_self));
    payload = g.last;
  }
  offer(others, payload);
  return first_result{std::move(payload)};
}

void subscription_hub::remove(const std::string& key, const next_sink* who, const std::string& id) {
  drop(key, [&](const member& m) { return m.who == who && m.id == id; });
}

void subscription_hub::drop(const std::string& key, const std::function<bool(const member&)>& which) {
  std::lock_guard lock(mutex_);
  auto it = groups_.find(key);
  if (it == groups_.end()) return;
  const std::shared_ptr<group> g = it->second;  // outlives its lock when erased below
  std::lock_guard group_lock(g->mutex);
  std::erase_if(g->members, which);
  if (g->members.empty()) groups_.erase(it);
}

std::optional<core::millis> subscription_hub::on_notify(published_root root) {
  std::lock_guard lock(mutex_);
  std::swap(newest_.root, root);  // the previous root is released after the lock
  ++newest_.number;
  return pacer_.on_notify(clock_.steady_ms());
}

published_root subscription_hub::root() const {
  std::lock_guard lock(mutex_);
  return newest_.root;
}

publish_stats subscription_hub::publish() {
  std::vector<std::shared_ptr<group>> groups;
  tick at;
  core::millis started = 0;
  {
    std::lock_guard lock(mutex_);
    started = clock_.steady_ms();
    pacer_.on_published(started);
    at = newest_;  // every key of this publication runs against this root, whatever comes meanwhile
    groups.reserve(groups_.size());
    for (auto& [key, g] : groups_) groups.push_back(g);
  }
  publish_stats stats;
  for (auto& g : groups) publish_group(*g, at, stats);
  if (stats.changed == 0) {
    std::lock_guard lock(mutex_);
    pacer_.on_nothing_pushed(started);
  }
  return stats;
}

bool subscription_hub::publish_group(group& g, const tick& at, publish_stats& stats) {
  ++stats.keys;
  // Executed outside every lock: sessions keep subscribing while this runs.
  auto result = g.execute(root_value(at.root));
  auto payload = serialized(result);
  std::vector<member> members;
  {
    std::lock_guard lock(g.mutex);
    if (!g.last && !result.contains("data")) return false;  // a new key's request error: its add answers it
    if (!g.take(payload, at.number)) return false;
    std::erase_if(g.members, [](const member& m) { return m.sink.expired(); });
    members = g.members;
  }
  ++stats.changed;
  stats.deliveries += offer(members, payload);
  return true;
}

std::size_t subscription_hub::offer(const std::vector<member>& to, const std::shared_ptr<const std::string>& payload) {
  std::size_t offered = 0;
  for (const auto& m : to) {
    if (auto sink = m.sink.lock()) {
      sink->offer(m.id, m.serial, payload);
      ++offered;
    }
  }
  return offered;
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
