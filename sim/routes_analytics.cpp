// The analytics conversation details: POST …/details/query and GET …/details?id=… over the
// ground truth.
#include "sim/details_query.hpp"
#include "sim/routes.hpp"
#include "sim/simulator.hpp"

namespace wmpulse::sim {

answer route_analytics(simulator& sim, const net::http_request_view& r) {
  const auto& conversations = sim.line().work().conversations();
  if (r.path() == "/api/v2/analytics/conversations/details") {
    if (r.method != "GET") return genesys_error(405, "method.not.allowed", "Method not allowed");
    return details_by_ids(conversations, sim.line().watermark(), query_params(r.query(), "id"));
  }
  if (r.path() != "/api/v2/analytics/conversations/details/query")
    return genesys_error(404, "not.found", "The requested resource was not found.");
  if (r.method != "POST") return genesys_error(405, "method.not.allowed", "Method not allowed");
  return details_query(conversations, sim.line().watermark(), r.body, sim.options().details_max_interval_ms);
}

}  // namespace wmpulse::sim
