#pragma once
// Numbers from Genesys' JSON, whatever form they take: an integer, a big unsigned one, or a
// double (`3599.5`, `1e3`). Read as an integer clamped to the caller's range, so that no value
// can throw (Boost.JSON's to_number does on a fraction) or overflow later arithmetic.
#include <cstdint>
#include <optional>

#include <boost/json/value.hpp>

namespace wmpulse::genesys {

// The number, truncated toward zero and clamped to [lo, hi]; nullopt when `v` is not a number
// (or is NaN).
std::optional<std::int64_t> clamped_integer(const boost::json::value& v, std::int64_t lo, std::int64_t hi);

}  // namespace wmpulse::genesys
