#include "sim/simulator.hpp"

#include <algorithm>
#include <set>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/iso8601.hpp"
#include "sim/snapshot.hpp"

namespace wmpulse::sim {
namespace json = boost::json;
namespace {

constexpr std::uint64_t family_faults = 10, family_garbage = 11;

millis start_of(const sim_options& o, const core::clock& wall) {
  return o.workload.start_ms > 0 ? o.workload.start_ms : wall.now_ms() / 1000 * 1000;
}

sim_options with_start(sim_options o, millis start) {
  o.workload.start_ms = start;
  return o;
}

std::string channel_metadata(std::string_view message) {
  return json::serialize(json::object{{"topicName", "channel.metadata"},
                                      {"eventBody", json::object{{"message", message}}}});
}

}  // namespace

simulator::simulator(sim_options options, const core::clock& wall)
    : options_(with_start(std::move(options), start_of(options, wall))),
      wall_(wall),
      wall_start_(wall.now_ms()),
      paused_(options_.paused),
      sim_start_(options_.workload.start_ms),
      timeline_(options_.workload),
      tokens_(wall, options_.workload.seed, options_.token_lifetime_ms, options_.requests_per_minute),
      channels_(wall, options_.workload.seed, options_.channels),
      fault_rng_(derive_seed(options_.workload.seed, family_faults, 0)),
      garbage_rng_(derive_seed(options_.workload.seed, family_garbage, 0)) {
  std::stable_sort(options_.faults.begin(), options_.faults.end(),
                   [](const auto& a, const auto& b) { return a.offset_ms < b.offset_ms; });
}

void simulator::resume() {
  if (!paused_) return;
  paused_ = false;
  wall_start_ = wall_.now_ms();
}

millis simulator::sim_now() const {
  if (paused_) return sim_start_;
  return sim_start_ + static_cast<millis>(double(wall_.now_ms() - wall_start_) * options_.speed);
}

std::size_t simulator::channel_sockets() const {
  std::size_t n = 0;
  for (const auto& [_, ch] : channels_.all()) n += ch.peer && ch.peer->open();
  return n;
}

std::size_t simulator::tutorial_subscribers() const {
  std::size_t n = 0;
  for (const auto& p : tutorial_peers_) n += p.subscribed && p.peer->open();
  return n;
}

void simulator::tick() {
  run_due_faults();
  for (const auto& c : timeline_.advance(sim_now())) publish(c);
  if (timeline_.finished()) release_held(true);
  send_heartbeats();
  const millis now = wall_.now_ms();
  std::erase_if(pending_closes_, [&](const pending_close& p) {
    if (p.at > now) return false;
    if (auto peer = p.peer.lock(); peer && peer->open()) peer->close(1001, "socket closing");
    return true;
  });
  std::erase_if(tutorial_peers_, [](const tutorial_peer& p) { return !p.peer->open(); });
  channels_.sweep();
}

void simulator::publish(const change& ch) {
  const auto& c = timeline_.work().conversations()[ch.conversation];
  ++stats_.snapshots;
  if (ch.time < gap_until_) {
    ++stats_.lost_in_gap;
    return;
  }
  std::optional<json::value> body;  // rendered only when some socket wants it
  for (const auto& queue : snapshot_queues(c, ch.time)) {
    const auto topic = queue_topic(queue);
    if (!has_subscriber(topic) && held_.empty()) continue;
    if (!body) body = render_snapshot(c, ch.time);
    deliver(topic, envelope(topic, *body, next_correlation_id()));
  }
  publish_tutorial(c, ch.time);
}

void simulator::deliver(const std::string& topic, const std::string& frame) {
  if (options_.rates.garbage > 0 && fault_rng_.chance(options_.rates.garbage)) send_garbage(1);
  // A held frame goes out once `countdown` later frames have been published: at most
  // `reorder_horizon` frames overtake it.
  for (auto& h : held_) --h.countdown;
  if (options_.rates.reorder > 0 && fault_rng_.chance(options_.rates.reorder)) {
    ++stats_.reordered;
    held_.push_back({topic, frame, int(fault_rng_.uniform_int(1, std::max(1, options_.rates.reorder_horizon)))});
  } else {
    send_to_subscribers(topic, frame);
    if (options_.rates.duplicate > 0 && fault_rng_.chance(options_.rates.duplicate)) {
      ++stats_.duplicated;
      send_to_subscribers(topic, frame);
    }
  }
  release_held(false);
}

void simulator::release_held(bool all) {
  while (!held_.empty()) {
    auto it = std::find_if(held_.begin(), held_.end(), [&](const held_frame& h) { return all || h.countdown <= 0; });
    if (it == held_.end()) break;
    auto h = std::move(*it);
    held_.erase(it);
    send_to_subscribers(h.topic, h.frame);
  }
}

bool simulator::delivers(const channel& ch, const std::string& topic) const {
  return ch.peer && ch.peer->open() && ch.topics.count(topic) && tokens_.check_token(ch.token) == token_check::ok;
}

bool simulator::has_subscriber(const std::string& topic) const {
  for (const auto& [_, ch] : channels_.all())
    if (delivers(ch, topic)) return true;
  return false;
}

void simulator::send_to_subscribers(const std::string& topic, const std::string& frame) {
  for (const auto& [_, ch] : channels_.all()) {
    if (!delivers(ch, topic)) continue;
    ch.peer->send(frame);
    ++stats_.frames_sent;
  }
}

void simulator::publish_tutorial(const sim_conversation& c, millis t) {
  if (!c.web() || c.bot_only || tutorial_peers_.empty()) return;
  std::vector<std::string> frames;
  auto event = [&](std::string_view type, millis when, json::object data) {
    data["sessionId"] = c.id;
    frames.push_back(json::serialize(json::object{
        {"eventType", type}, {"timestamp", core::format_iso8601_ms(when)}, {"data", std::move(data)}}));
  };
  const auto& cust = c.customer();
  if (t == c.routed) event("webchat:connected", cust.connected, {{"queueId", c.home_queue()}});
  for (const auto& m : c.messages) {
    if (!m.counted()) continue;
    if (m.time == t || (t == c.routed && m.time < t))
      event("webchat:message", m.time,
            {{"messageId", m.id}, {"direction", m.dir == msg_dir::inbound ? "inbound" : "outbound"}});
  }
  if (cust.end && *cust.end == t) event("webchat:disconnected", t, {});
  for (const auto& p : tutorial_peers_) {
    if (!p.subscribed || !p.peer->open()) continue;
    for (const auto& f : frames) {
      p.peer->send(f);
      ++stats_.tutorial_sent;
    }
  }
}

void simulator::send_heartbeats() {
  const millis now = wall_.now_ms();
  std::set<stream_peer*> attached;
  for (const auto& [_, ch] : channels_.all())
    if (ch.peer && ch.peer->open()) attached.insert(ch.peer.get());
  std::erase_if(next_heartbeat_, [&](const auto& e) { return !attached.count(e.first); });
  for (const auto& [_, ch] : channels_.all()) {
    if (!ch.peer || !ch.peer->open()) continue;
    auto [it, fresh] = next_heartbeat_.try_emplace(ch.peer.get(), now + options_.heartbeat_ms);
    if (fresh || it->second > now) continue;
    ch.peer->send(channel_metadata("WebSocket Heartbeat"));
    ++stats_.heartbeats;
    it->second = now + options_.heartbeat_ms;
  }
}

void simulator::send_garbage(int count) {
  static const char* const texts[] = {"not json at all", "{\"topicName\":\"v2.routing.queues.", "[1,2,3]",
                                      "{\"topicName\":42,\"eventBody\":\"x\"}", "{}"};
  for (int i = 0; i < count; ++i) {
    const auto pick = garbage_rng_.uniform_int(0, 5);
    ++stats_.garbage;
    auto send = [&](const std::shared_ptr<stream_peer>& p) {
      if (pick == 5) p->send_binary(std::string("\x00\xff\xfe garbage", 11));
      else p->send(texts[pick]);
    };
    for (const auto& [_, ch] : channels_.all())
      if (ch.peer && ch.peer->open()) send(ch.peer);
    for (const auto& p : tutorial_peers_)
      if (p.subscribed && p.peer->open()) send(p.peer);
  }
}

void simulator::run_due_faults() {
  const millis now = sim_now();
  while (next_fault_ < options_.faults.size() && sim_start_ + options_.faults[next_fault_].offset_ms <= now) {
    std::string error;
    apply_fault(options_.faults[next_fault_++].command, error);
  }
}

bool simulator::accept_channel_socket(const std::string& channel_id, std::shared_ptr<stream_peer> peer,
                                      unsigned& status) {
  if (!channels_.find(channel_id)) {
    status = 401;  // as Genesys clients observe for a channel that is gone
    return false;
  }
  if (const unsigned refused = upgrade_refusal(channel_id)) {
    status = refused;
    return false;
  }
  next_heartbeat_[peer.get()] = wall_.now_ms() + options_.heartbeat_ms;
  channels_.attach(channel_id, std::move(peer));
  return true;
}

void simulator::on_channel_text(const std::shared_ptr<stream_peer>& peer, std::string_view text) {
  boost::system::error_code ec;
  const auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return;
  const auto& o = v.as_object();
  const auto* message = o.if_contains("message");
  if (!message || !message->is_string()) return;
  if (message->as_string() == "ping") {
    peer->send(channel_metadata("pong"));
    return;
  }
  if (message->as_string() != "subscribe") return;
  json::object reply{{"correlationId", o.contains("correlationId") ? o.at("correlationId") : json::value("")}};
  const auto* topics = o.if_contains("topics");
  std::string channel_id;
  for (const auto& [id, ch] : channels_.all())
    if (ch.peer == peer) channel_id = id;
  if (!topics || !topics->is_array() || channel_id.empty()) {
    reply["topics"] = json::array{};
    reply["result"] = "400";
    reply["status"] = "error";
    reply["message"] = "Required data missing from subscribe request.";
    peer->send(json::serialize(reply));
    return;
  }
  std::vector<std::string> list;
  for (const auto& t : topics->as_array())
    if (t.is_string()) list.emplace_back(t.as_string());
  const auto& work = timeline_.work();
  auto outcome = channels_.subscribe(channel_id, list, false, true, [&](const std::string& t) {
    for (const auto& q : work.queues())
      if (t == queue_topic(q.id)) return topic_verdict{true, {}};
    return topic_verdict{false, "unknown topic"};
  });
  reply["topics"] = topics->as_array();
  reply["result"] = std::to_string(outcome.status);
  reply["status"] = outcome.status == 200 ? "subscribed" : "error";
  if (outcome.status != 200) reply["message"] = outcome.message;
  peer->send(json::serialize(reply));
}

bool simulator::tutorial_authorized(const net::http_request_view& request) const {
  if (options_.tutorial_no_auth) return true;
  std::string token;
  if (tokens_.check(request.header("authorization"), token) == token_check::ok) return true;
  return query_param(request.query(), "access_token", token) && tokens_.check_token(token) == token_check::ok;
}

void simulator::accept_tutorial_socket(std::shared_ptr<stream_peer> peer) {
  tutorial_peers_.push_back({std::move(peer), false});
}

void simulator::on_tutorial_text(const std::shared_ptr<stream_peer>& peer, std::string_view text) {
  boost::system::error_code ec;
  const auto v = json::parse(text, ec);
  if (ec || !v.is_object() || !v.as_object().contains("subscription")) return;
  for (auto& p : tutorial_peers_)
    if (p.peer == peer) p.subscribed = true;
}

}  // namespace wmpulse::sim
