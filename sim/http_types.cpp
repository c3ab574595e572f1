#include "sim/http_types.hpp"

#include <atomic>

#include "core/json_writer.hpp"
#include "sim/random.hpp"

namespace wmpulse::sim {
namespace json = boost::json;
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') out += ' ';
    else if (s[i] == '%' && i + 2 < s.size() + 0 && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += char(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else out += s[i];
  }
  return out;
}

std::string context_id() {
  static std::atomic<std::uint64_t> counter{0};
  rng r(derive_seed(0x5eed, 9, counter++));
  return r.uuid();
}

}  // namespace

answer json_answer(unsigned status, const json::value& body) {
  answer a;
  a.status = status;
  a.body = core::write_json(body);
  return a;
}

answer genesys_error(unsigned status, std::string_view code, std::string_view message) {
  return json_answer(status, json::object{{"message", message},
                                          {"code", code},
                                          {"status", status},
                                          {"messageParams", json::object{}},
                                          {"contextId", context_id()},
                                          {"details", json::array{}},
                                          {"errors", json::array{}}});
}

bool query_param(std::string_view query, std::string_view name, std::string& out) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (percent_decode(pair.substr(0, eq)) == name) {
      out = eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
      return true;
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return false;
}

}  // namespace wmpulse::sim
