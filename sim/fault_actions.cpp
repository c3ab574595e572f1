// simulator::apply_fault: what each scripted fault does to sockets, tokens and answers.
#include <boost/json/serialize.hpp>

#include "sim/simulator.hpp"

namespace wmpulse::sim {
namespace json = boost::json;
namespace {

std::vector<std::shared_ptr<stream_peer>> channel_peers(const channel_registry& channels, const std::string& only) {
  std::vector<std::shared_ptr<stream_peer>> out;
  for (const auto& [id, ch] : channels.all())
    if (ch.peer && ch.peer->open() && (only.empty() || id == only)) out.push_back(ch.peer);
  return out;
}

}  // namespace

bool simulator::apply_fault(const fault_command& f, std::string& error) {
  const std::string only = f.text("channelId");
  if (f.type == "drop") {
    for (const auto& p : channel_peers(channels_, only)) p->drop();
    if (only.empty())
      for (const auto& p : tutorial_peers_) p.peer->drop();
  } else if (f.type == "socket_closing") {
    const millis delay = static_cast<millis>(f.number("delayMs", double(options_.closing_delay_ms)));
    for (const auto& [id, ch] : channels_.all()) {
      if (!ch.peer || !ch.peer->open() || (!only.empty() && id != only)) continue;
      json::object body{{"channelId", id}, {"systemTopicType", "socket_closing"}, {"reason", "maintenance"},
                        {"message", "This socket will be closed; open a new connection to the same connectUri."}};
      ch.peer->send(json::serialize(json::object{{"topicName", "v2.system.socket_closing"},
                                                 {"version", "2"},
                                                 {"eventBody", std::move(body)},
                                                 {"metadata", json::object{{"CorrelationId", next_correlation_id()}}}}));
      pending_closes_.push_back({wall_.now_ms() + delay, ch.peer});
    }
  } else if (f.type == "refuse_upgrades") {
    // The channel stays listed (HEAD 200) but its socket drops and every later upgrade fails.
    const auto status = static_cast<unsigned>(f.number("status", 503));
    if (f.number("new", 0) != 0) {  // the channels there stay; every channel created later refuses
      refused_new_upgrades_ = status;
      for (const auto& [id, ch] : channels_.all()) channels_at_refusal_.insert(id);
      return true;
    }
    for (const auto& [id, ch] : channels_.all()) {
      if (!only.empty() && id != only) continue;
      refused_upgrades_[id] = status;
      if (ch.peer && ch.peer->open()) ch.peer->drop();
    }
  } else if (f.type == "revoke_tokens") {
    tokens_.revoke_all();
    for (const auto& [id, ch] : channels_.all())
      if (ch.peer && ch.peer->open())
        ch.peer->send(json::serialize(json::object{{"topicName", "v2.system.token_revoked." + id},
                                                   {"version", "2"},
                                                   {"eventBody", json::object{{"channelId", id}, {"systemTopicType", "token_revoked"}}},
                                                   {"metadata", json::object{{"CorrelationId", next_correlation_id()}}}}));
  } else if (f.type == "burst_429") {
    burst_429_left_ = int(f.number("count", 5));
    burst_retry_after_ = static_cast<long long>(f.number("retryAfter", 2));
  } else if (f.type == "slow") {
    slow_left_ = int(f.number("count", 1));
    slow_once_ms_ = unsigned(f.number("ms", 2000));
  } else if (f.type == "garbage") {
    send_garbage(int(f.number("count", 3)));
  } else if (f.type == "evict") {
    std::string victim = only;
    millis oldest = std::numeric_limits<millis>::max();
    if (victim.empty())
      for (const auto& [id, ch] : channels_.all())
        if (ch.last_used < oldest) oldest = ch.last_used, victim = id;
    if (victim.empty() || !channels_.remove(victim, 1000, "channel evicted")) {
      error = "no such channel";
      return false;
    }
  } else if (f.type == "gap") {
    gap_until_ = sim_now() + static_cast<millis>(f.number("seconds", 30) * 1000);
  } else if (f.type == "hold_details" || f.type == "release_details") {
    details_held_ = f.type == "hold_details";
  } else if (f.type == "duplicate") {
    options_.rates.duplicate = f.number("rate", 0.2);
  } else if (f.type == "reorder") {
    options_.rates.reorder = f.number("rate", 0.2);
    options_.rates.reorder_horizon = int(f.number("horizon", options_.rates.reorder_horizon));
  } else {
    error = "unknown fault type: " + f.type;
    return false;
  }
  return true;
}

}  // namespace wmpulse::sim
