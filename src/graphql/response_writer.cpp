#include "graphql/response_writer.hpp"

#include <charconv>
#include <cmath>

#include <boost/json/serialize.hpp>

namespace wmpulse::graphql {

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
    case boost::json::kind::double_: {
      const double d = v.get_double();
      if (!std::isfinite(d)) {
        out += "null";
        return;
      }
      const auto r = std::to_chars(buf, buf + sizeof buf, d);
      out.append(buf, r.ptr);
      return;
    }
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

}  // namespace wmpulse::graphql
