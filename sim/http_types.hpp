#pragma once
// The simulator's routes take the transport-neutral exchange of net/http_exchange.hpp, so every
// route is a plain function that unit tests call without a socket.
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "net/http_exchange.hpp"

namespace wmpulse::sim {

// The service's HTTP exchange, plus what a fault needs.
struct answer : net::http_answer {
  unsigned delay_ms = 0;  // a slow-response fault delays the answer by this much (wall time)
};

answer json_answer(unsigned status, const boost::json::value& body);

// An answer with a status and no body.
answer empty_answer(unsigned status);

// A Genesys platform error body: {message, code, status, contextId, details:[], errors:[]}.
answer genesys_error(unsigned status, std::string_view code, std::string_view message);

// The value of one query parameter (percent-decoded, '+' as space), or nullopt-like "" + false.
bool query_param(std::string_view query, std::string_view name, std::string& out);
// Every value of a repeated query parameter (?id=a&id=b), in order.
std::vector<std::string> query_params(std::string_view query, std::string_view name);

}  // namespace wmpulse::sim
