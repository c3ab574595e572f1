#pragma once
// Notification channels: per OAuth client at most `max_per_client` (creating one more evicts
// the least recently used, preferring channels without a socket), at most `max_topics`
// topics each (400 beyond), an expiry extended by every subscription change, and one socket
// per channel (a second one kicks the first). Wall time.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/json/array.hpp>

#include "core/clock.hpp"
#include "sim/random.hpp"
#include "sim/stream_peer.hpp"

namespace wmpulse::sim {

using core::millis;

struct channel {
  std::string id;
  std::string client_id;
  std::string token;  // the access token that created it: delivery stops once that token is invalid
  millis created = 0;
  millis last_used = 0;
  millis expires = 0;
  std::set<std::string> topics;
  std::shared_ptr<stream_peer> peer;
};

struct channel_limits {
  std::size_t max_per_client = 20;
  std::size_t max_topics = 1000;
  millis ttl_ms = 24 * 3600 * 1000LL;
};

struct topic_verdict {
  bool permitted = false;
  std::string reason;  // why rejected
};

struct subscribe_outcome {
  unsigned status = 200;      // 200, 400 (too many topics / malformed), 403 (rejected without ignoreErrors), 404
  std::string message;        // for errors
  boost::json::array entities;  // {id, state, rejectionReason?}
};

class channel_registry {
public:
  channel_registry(const core::clock& wall, std::uint64_t seed, channel_limits limits)
      : wall_(wall), rng_(derive_seed(seed, 8, 0)), limits_(limits) {}

  // Creates a channel; `evicted` receives the ids of channels removed to make room.
  channel& create(const std::string& client_id, const std::string& token, std::vector<std::string>* evicted = nullptr);
  // The channel if it exists and has not expired.
  channel* find(const std::string& id);
  std::vector<const channel*> of_client(const std::string& client_id) const;

  // PUT (replace = true) or POST (add). `judge` decides each topic.
  template <class Judge>
  subscribe_outcome subscribe(const std::string& id, const std::vector<std::string>& topics, bool replace,
                              bool ignore_errors, Judge judge);
  bool clear_topics(const std::string& id);

  // Attaches a socket; a socket already on the channel is closed (kicked).
  void attach(const std::string& id, std::shared_ptr<stream_peer> peer);
  // Removes a channel now (eviction fault); closes its socket. False if unknown.
  bool remove(const std::string& id, std::uint16_t close_code, const std::string& reason);
  // Removes expired channels (closing their sockets); returns how many.
  std::size_t sweep();

  const std::map<std::string, channel>& all() const { return channels_; }
  const channel_limits& limits() const { return limits_; }

private:
  subscribe_outcome apply(channel& c, const std::vector<std::string>& topics, const std::vector<topic_verdict>& verdicts,
                          bool replace, bool ignore_errors);
  const core::clock& wall_;
  rng rng_;
  channel_limits limits_;
  std::map<std::string, channel> channels_;
};

template <class Judge>
subscribe_outcome channel_registry::subscribe(const std::string& id, const std::vector<std::string>& topics,
                                              bool replace, bool ignore_errors, Judge judge) {
  channel* c = find(id);
  if (!c) return {404, "channel not found", {}};
  std::vector<topic_verdict> verdicts;
  for (const auto& t : topics) verdicts.push_back(judge(t));
  return apply(*c, topics, verdicts, replace, ignore_errors);
}

}  // namespace wmpulse::sim
