#include "genesys/channel_renewal.hpp"

#include <algorithm>

namespace wmpulse::genesys {
namespace {

core::millis margin_of(core::millis lifetime, core::millis max_margin) { return std::min(max_margin, lifetime / 4); }

}  // namespace

std::optional<renewal_schedule> plan_renewal(std::optional<core::millis> expires_wall, core::millis created_wall,
                                             core::millis created_steady, core::millis max_margin_ms) {
  if (!expires_wall || *expires_wall <= created_wall) return std::nullopt;
  const core::millis lifetime = *expires_wall - created_wall;
  return renewal_schedule{lifetime, created_steady + lifetime - margin_of(lifetime, max_margin_ms)};
}

renewal_schedule renewed(const renewal_schedule& s, core::millis now, core::millis max_margin_ms) {
  return renewal_schedule{s.lifetime_ms, now + s.lifetime_ms - margin_of(s.lifetime_ms, max_margin_ms)};
}

}  // namespace wmpulse::genesys
