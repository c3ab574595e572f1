#include "graphql/suggestions.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace wmpulse::graphql {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Optimal string alignment distance over three rolling rows, stopping once every cell of a
// row exceeds the limit.
std::size_t bounded_osa(const std::string& a, const std::string& b, std::size_t limit) {
  const auto m = a.size(), n = b.size();
  const auto over = limit + 1;
  if ((m > n ? m - n : n - m) > limit) return over;
  std::vector<std::size_t> before(n + 1), previous(n + 1), current(n + 1);
  for (std::size_t j = 0; j <= n; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= m; ++i) {
    current[0] = i;
    std::size_t row_min = current[0];
    for (std::size_t j = 1; j <= n; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      auto d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, before[j - 2] + 1);
      current[j] = d;
      row_min = std::min(row_min, d);
    }
    if (row_min > limit) return over;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[n], over);
}

}  // namespace

std::size_t lexical_distance(std::string_view a, std::string_view b, std::size_t limit) {
  if (a == b) return 0;
  const auto la = lower(a), lb = lower(b);
  if (la == lb) return std::min<std::size_t>(1, limit + 1);
  return bounded_osa(la, lb, limit);
}

std::vector<std::string_view> suggestions_for(std::string_view input, const std::vector<std::string_view>& options) {
  const std::size_t limit = input.size() * 2 / 5 + 1;
  std::vector<std::pair<std::size_t, std::string_view>> close;
  for (auto option : options) {
    const auto d = lexical_distance(input, option, limit);
    if (d <= limit) close.emplace_back(d, option);
  }
  std::sort(close.begin(), close.end());
  std::vector<std::string_view> out;
  out.reserve(close.size());
  for (const auto& [d, option] : close) out.push_back(option);
  return out;
}

std::string did_you_mean(const std::vector<std::string_view>& suggestions, std::string_view what) {
  constexpr std::size_t most = 5;
  const auto n = std::min(suggestions.size(), most);
  if (n == 0) return {};
  std::string out = " Did you mean ";
  if (!what.empty()) {
    out += what;
    out += ' ';
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out += n == 2 ? " or " : (i + 1 == n ? ", or " : ", ");
    out += '"';
    out += suggestions[i];
    out += '"';
  }
  return out + "?";
}

}  // namespace wmpulse::graphql
