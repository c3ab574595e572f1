#pragma once
// The server's routes take the transport-neutral exchange of net/http_exchange.hpp.
#include <functional>

#include "net/http_exchange.hpp"

namespace wmpulse::server {

using net::http_answer;
using net::http_request_view;
using net::target_path;
using net::text_answer;
using net::view_of;

using route_handler = std::function<http_answer(const http_request_view&)>;

}  // namespace wmpulse::server
