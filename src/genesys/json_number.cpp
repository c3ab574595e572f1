#include "genesys/json_number.hpp"

#include <algorithm>
#include <cmath>

namespace wmpulse::genesys {

std::optional<std::int64_t> clamped_integer(const boost::json::value& v, std::int64_t lo, std::int64_t hi) {
  if (v.is_int64()) return std::clamp(v.get_int64(), lo, hi);
  if (v.is_uint64()) return v.get_uint64() > static_cast<std::uint64_t>(hi) ? hi : std::max(static_cast<std::int64_t>(v.get_uint64()), lo);
  if (!v.is_double()) return std::nullopt;
  const double d = v.get_double();
  if (std::isnan(d)) return std::nullopt;
  if (d <= static_cast<double>(lo)) return lo;
  if (d >= static_cast<double>(hi)) return hi;
  return static_cast<std::int64_t>(d);
}

}  // namespace wmpulse::genesys
