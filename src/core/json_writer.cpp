#include "core/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include <boost/json/serialize.hpp>

namespace wmpulse::core {
namespace {

// ECMAScript's Number::toString, as JSON.stringify writes numbers: the shortest digits that
// read back the same, in plain notation from 1e-7 up to 1e21 and with an exponent outside.
void write_number(double d, std::string& out) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  if (d == 0) {  // -0 too
    out += '0';
    return;
  }
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);  // -d.ddde±XX
  std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));
  if (sci.front() == '-') {
    out += '-';
    sci.remove_prefix(1);
  }
  const auto e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e))
    if (c != '.') digits += c;
  std::string_view exponent = sci.substr(e + 1);
  if (exponent.front() == '+') exponent.remove_prefix(1);
  int e10 = 0;
  std::from_chars(exponent.data(), exponent.data() + exponent.size(), e10);
  const int k = static_cast<int>(digits.size());
  const int n = e10 + 1;  // the value is 0.digits × 10^n
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<std::size_t>(n));
    out += '.';
    out.append(digits, static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += n - 1 < 0 ? "e-" : "e+";
    out += std::to_string(std::abs(n - 1));
  }
}

}  // namespace

void write_json(const boost::json::value& v, std::string& out) {
  char buf[40];
  switch (v.kind()) {
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += boost::json::serialize(boost::json::value(kv.key()));
        out += ':';
        write_json(kv.value(), out);
      }
      out += '}';
      return;
    }
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& x : v.get_array()) {
        if (!first) out += ',';
        first = false;
        write_json(x, out);
      }
      out += ']';
      return;
    }
    case boost::json::kind::double_:
      write_number(v.get_double(), out);
      return;
    case boost::json::kind::int64: {
      const auto r = std::to_chars(buf, buf + sizeof buf, v.get_int64());
      out.append(buf, r.ptr);
      return;
    }
    case boost::json::kind::uint64: {
      const auto r = std::to_chars(buf, buf + sizeof buf, v.get_uint64());
      out.append(buf, r.ptr);
      return;
    }
    default:
      out += boost::json::serialize(v);
  }
}

std::string write_json(const boost::json::value& v) {
  std::string out;
  write_json(v, out);
  return out;
}

}  // namespace wmpulse::core
