#pragma once
// The leadership lease as a pure state machine: what to ask the key-value bucket next, and
// whether this node holds the lease now. No NATS, no threads: the keeper (lease_keeper.hpp)
// runs the requests and reports their outcome here; tests drive it with core::manual_clock.
//
// The bucket keeps the holder's entry for `ttl` after its last write. A holder renews every
// ttl/4 and counts itself the holder only until 3/4 of the ttl after it *sent* its last
// successful write: the entry was written after that instant, so no other node can take the
// lease before the holder has let go, even if the answer came back late.
//
// A node refused tries again every ttl/4, or sooner: when the holder's entry (written at a
// server time it reads with the refusal) runs out before then, right when it does. Clocks that
// disagree only make that try early (refused: tried again ttl/20 later) or late (never later
// than ttl/4): a dead leader's lease is taken within the ttl (plus ttl/20) of its last write.
#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace wmpulse::cluster {

enum class lease_step { take, renew };

class lease {
public:
  lease(const core::clock& clock, core::millis ttl_ms);

  // What to ask next, and when (steady time).
  // renew: update with the last revision written — also after a lapse seen only here (no
  // answer for a while): it succeeds only if nobody wrote the key since, so nobody else took it.
  lease_step next_step() const { return revision_ != 0 ? lease_step::renew : lease_step::take; }
  core::millis next_attempt_at() const;

  // Outcomes of a request sent at `sent_steady_ms`.
  void taken(std::uint64_t revision, core::millis sent_steady_ms);    // create (or renew) written
  // Someone else holds it; `written_wall_ms`: when the holder last wrote the entry, when known.
  void refused(std::string holder, core::millis sent_steady_ms, std::optional<core::millis> written_wall_ms = std::nullopt);
  void failed(core::millis sent_steady_ms);                           // no answer (timeout, no connection)

  // Whether this node holds the lease at this instant (the source may run).
  bool holding() const;
  // Steady time until which the lease is held (meaningless unless holding()).
  core::millis held_until() const { return held_until_; }
  std::uint64_t revision() const { return revision_; }
  // The node that holds it as far as this node knows ("" when unknown or nobody).
  const std::string& holder() const { return holder_; }
  core::millis ttl_ms() const { return ttl_ms_; }
  // How long a request may wait for an answer: the holder still notices a lapse in time.
  core::millis request_timeout_ms() const { return ttl_ms_ / 5; }

private:
  const core::clock& clock_;
  core::millis ttl_ms_;
  bool held_ = false;
  core::millis held_until_ = 0;
  core::millis last_attempt_ = 0;
  bool attempted_ = false;
  std::uint64_t revision_ = 0;
  std::string holder_;
  std::optional<core::millis> holder_expires_at_;  // steady time the holder's entry runs out
};

}  // namespace wmpulse::cluster
