#include "core/iso8601.hpp"

#include <cstdio>

namespace wmpulse::core {
namespace {

// Reads exactly n digits at pos; advances pos.
bool read_digits(std::string_view s, size_t& pos, int n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  pos += n;
  return true;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// Parses the zone suffix; returns the offset in minutes east of UTC.
std::optional<int> read_zone(std::string_view s, size_t& pos) {
  if (pos >= s.size()) return std::nullopt;
  char c = s[pos];
  if (c == 'Z' || c == 'z') {
    ++pos;
    return 0;
  }
  if (c != '+' && c != '-') return std::nullopt;
  ++pos;
  int hh = 0, mm = 0;
  if (!read_digits(s, pos, 2, hh)) return std::nullopt;
  if (pos < s.size() && s[pos] == ':') ++pos;
  if (!read_digits(s, pos, 2, mm) || hh > 23 || mm > 59) return std::nullopt;
  int off = hh * 60 + mm;
  return c == '-' ? -off : off;
}

}  // namespace

long long days_from_civil(int y, unsigned m, unsigned d) {
  // The days_from_civil algorithm described by Howard Hinnant (proleptic Gregorian).
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

std::optional<millis> parse_iso8601_ms(std::string_view s) {
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_digits(s, pos, 4, year) || !expect(s, pos, '-') || !read_digits(s, pos, 2, month) ||
      !expect(s, pos, '-') || !read_digits(s, pos, 2, day))
    return std::nullopt;
  if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')) return std::nullopt;
  ++pos;
  if (!read_digits(s, pos, 2, hour) || !expect(s, pos, ':') || !read_digits(s, pos, 2, minute) ||
      !expect(s, pos, ':') || !read_digits(s, pos, 2, second))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
      minute > 59 || second > 60)
    return std::nullopt;
  int ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 3) ms = ms * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) ms *= 10;
  }
  auto zone = read_zone(s, pos);
  if (!zone || pos != s.size()) return std::nullopt;
  if (second == 60) second = 59;  // a leap second is folded onto the one before it
  long long days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  long long secs = days * 86400 + hour * 3600 + minute * 60 + second - *zone * 60LL;
  return secs * 1000 + ms;
}

std::string format_iso8601_ms(millis t) {
  long long ms = t % 1000;
  long long secs = t / 1000;
  if (ms < 0) {
    ms += 1000;
    --secs;
  }
  long long days = secs / 86400;
  long long rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  // civil_from_days (inverse of days_from_civil)
  days += 719468;
  const long long era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long y = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", y, m, d, rem / 3600,
                (rem / 60) % 60, rem % 60, ms);
  return buf;
}

}  // namespace wmpulse::core
