#include "sim/channels.hpp"

#include <boost/json/object.hpp>

namespace wmpulse::sim {
namespace json = boost::json;

channel& channel_registry::create(const std::string& client_id, const std::string& token, std::vector<std::string>* evicted) {
  sweep();
  for (;;) {
    const channel* victim = nullptr;
    std::size_t count = 0;
    for (const auto& [_, c] : channels_) {
      if (c.client_id != client_id) continue;
      ++count;
      const bool c_idle = !c.peer || !c.peer->open();
      const bool v_idle = victim && (!victim->peer || !victim->peer->open());
      if (!victim || (c_idle && !v_idle) || (c_idle == v_idle && c.last_used < victim->last_used)) victim = &c;
    }
    if (count < limits_.max_per_client || !victim) break;
    if (evicted) evicted->push_back(victim->id);
    remove(victim->id, 1000, "channel evicted");
  }
  static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string id = "streaming-0-";
  for (int i = 0; i < 26; ++i) id += alphabet[rng_.uniform_int(0, 35)];
  const millis now = wall_.now_ms();
  auto& c = channels_[id];
  c.id = id;
  c.client_id = client_id;
  c.token = token;
  c.created = c.last_used = now;
  c.expires = now + limits_.ttl_ms;
  return c;
}

channel* channel_registry::find(const std::string& id) {
  const auto it = channels_.find(id);
  if (it == channels_.end()) return nullptr;
  if (wall_.now_ms() >= it->second.expires) {
    remove(id, 1000, "channel expired");
    return nullptr;
  }
  return &it->second;
}

std::vector<const channel*> channel_registry::of_client(const std::string& client_id) const {
  std::vector<const channel*> out;
  const millis now = wall_.now_ms();
  for (const auto& [_, c] : channels_)
    if (c.client_id == client_id && now < c.expires) out.push_back(&c);
  return out;
}

subscribe_outcome channel_registry::apply(channel& c, const std::vector<std::string>& topics,
                                          const std::vector<topic_verdict>& verdicts, bool replace,
                                          bool ignore_errors) {
  subscribe_outcome out;
  std::set<std::string> next = replace ? std::set<std::string>{} : c.topics;
  json::array rejected;
  for (std::size_t i = 0; i < topics.size(); ++i) {
    if (verdicts[i].permitted) {
      next.insert(topics[i]);
      continue;
    }
    rejected.push_back(json::object{{"id", topics[i]}, {"state", "Rejected"}, {"rejectionReason", verdicts[i].reason}});
  }
  if (!rejected.empty() && !ignore_errors) {
    out.status = 403;
    out.message = "Not authorized to subscribe to one or more topics: " +
                  std::string(rejected.front().as_object().at("id").as_string());
    return out;
  }
  if (next.size() > limits_.max_topics) {
    out.status = 400;
    out.message = "Channel would exceed the limit of " + std::to_string(limits_.max_topics) + " topics";
    return out;
  }
  c.topics = std::move(next);
  const millis now = wall_.now_ms();
  c.last_used = now;
  c.expires = now + limits_.ttl_ms;
  for (const auto& t : c.topics) out.entities.push_back(json::object{{"id", t}, {"state", "Permitted"}});
  for (auto& r : rejected) out.entities.push_back(std::move(r));
  return out;
}

bool channel_registry::clear_topics(const std::string& id) {
  channel* c = find(id);
  if (!c) return false;
  c->topics.clear();
  c->last_used = wall_.now_ms();
  return true;
}

void channel_registry::attach(const std::string& id, std::shared_ptr<stream_peer> peer) {
  channel* c = find(id);
  if (!c) return;
  if (c->peer && c->peer->open()) c->peer->close(1000, "replaced by a new connection");
  c->peer = std::move(peer);
  c->last_used = wall_.now_ms();
}

bool channel_registry::remove(const std::string& id, std::uint16_t close_code, const std::string& reason) {
  const auto it = channels_.find(id);
  if (it == channels_.end()) return false;
  if (it->second.peer && it->second.peer->open()) it->second.peer->close(close_code, reason);
  channels_.erase(it);
  return true;
}

std::size_t channel_registry::sweep() {
  const millis now = wall_.now_ms();
  std::vector<std::string> expired;
  for (const auto& [id, c] : channels_)
    if (now >= c.expires) expired.push_back(id);
  for (const auto& id : expired) remove(id, 1000, "channel expired");
  return expired.size();
}

}  // namespace wmpulse::sim
