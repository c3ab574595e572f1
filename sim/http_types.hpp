#pragma once
// The transport-neutral view of one HTTP exchange, so every route is a plain function that
// unit tests call without a socket.
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

namespace wmpulse::sim {

struct request_view {
  std::string_view method;
  std::string_view path;   // without the query
  std::string_view query;  // after '?', undecoded
  std::string_view body;
  std::function<std::string_view(std::string_view name)> header;  // "" when absent
};

struct answer {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  unsigned delay_ms = 0;  // a slow-response fault delays the answer by this much (wall time)
};

answer json_answer(unsigned status, const boost::json::value& body);

// A Genesys platform error body: {message, code, status, contextId, details:[], errors:[]}.
answer genesys_error(unsigned status, std::string_view code, std::string_view message);

// The value of one query parameter (percent-decoded, '+' as space), or nullopt-like "" + false.
bool query_param(std::string_view query, std::string_view name, std::string& out);

}  // namespace wmpulse::sim
