#include "sim/http_types.hpp"

#include <atomic>

#include "core/json_writer.hpp"
#include "core/text.hpp"
#include "sim/random.hpp"

namespace wmpulse::sim {
namespace json = boost::json;
namespace {

// Lenient, as a server reading a query string is: a broken escape stays as it came.
std::string query_decode(std::string_view s) { return core::percent_decode(s, true).value_or(std::string(s)); }

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

answer empty_answer(unsigned status) {
  answer a;
  a.status = status;
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

std::vector<std::string> query_params(std::string_view query, std::string_view name) {
  std::vector<std::string> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (query_decode(pair.substr(0, eq)) == name)
      out.push_back(eq == std::string_view::npos ? std::string() : query_decode(pair.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

bool query_param(std::string_view query, std::string_view name, std::string& out) {
  auto all = query_params(query, name);
  if (all.empty()) return false;
  out = std::move(all.front());
  return true;
}

}  // namespace wmpulse::sim
