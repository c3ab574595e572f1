#pragma once
// When a notification channel is renewed, and when one is given up (docs/GENESYS.md "Channel
// lifetime"). A channel lapses at its `expires` (24 h); resubscribing its topics extends it by
// the same lifetime (facts §4.3), so the connector resubscribes a margin ahead: a quarter of
// the lifetime, at most `max_margin_ms`. The lifetime is `expires` minus the wall time the
// channel was created, and the schedule runs on the steady clock, so neither a wall clock step
// nor a skew between our clock and Genesys' moves it. Pure: readings are passed in.
#include <optional>

#include "core/clock.hpp"

namespace wmpulse::genesys {

struct renewal_schedule {
  core::millis lifetime_ms = 0;
  core::millis renew_at = 0;  // steady reading
};

inline constexpr core::millis default_renewal_margin_ms = 10 * 60'000;

// The schedule of a channel created at (created_wall, created_steady) with this `expires`;
// nullopt when `expires` is missing or not after the creation (nothing to plan on).
std::optional<renewal_schedule> plan_renewal(std::optional<core::millis> expires_wall, core::millis created_wall,
                                             core::millis created_steady,
                                             core::millis max_margin_ms = default_renewal_margin_ms);

// The schedule after a resubscription at steady reading `now`: the same lifetime again.
renewal_schedule renewed(const renewal_schedule& s, core::millis now,
                         core::millis max_margin_ms = default_renewal_margin_ms);

// The upgrade of a channel's socket failed `limit` times in a row (whatever the status), or
// said the channel is gone: the channel is given up and a new one created. Any success resets.
class upgrade_failures {
public:
  explicit upgrade_failures(int limit = 3) : limit_(limit) {}
  // True when the channel must be given up now.
  bool failed(bool channel_gone) {
    if (channel_gone || ++in_a_row_ >= limit_) {
      in_a_row_ = 0;
      return true;
    }
    return false;
  }
  void succeeded() { in_a_row_ = 0; }
  int in_a_row() const { return in_a_row_; }

private:
  int limit_;
  int in_a_row_ = 0;
};

}  // namespace wmpulse::genesys
