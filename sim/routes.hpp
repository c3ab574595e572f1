#pragma once
// The HTTP routes, one file per area. Each takes the simulator and one request.
#include "sim/http_types.hpp"

namespace wmpulse::sim {

class simulator;

answer route_login(simulator& sim, const net::http_request_view& r);                                  // routes_login.cpp
answer route_queues(simulator& sim, const net::http_request_view& r);                                 // routes_queues.cpp
answer route_notifications(simulator& sim, const net::http_request_view& r, const std::string& token); // routes_notifications.cpp
answer route_analytics(simulator& sim, const net::http_request_view& r);                              // routes_analytics.cpp
answer route_sim(simulator& sim, const net::http_request_view& r);                                    // routes_sim.cpp
answer route_conversations(simulator& sim, const net::http_request_view& r);                          // routes_conversations.cpp

}  // namespace wmpulse::sim
