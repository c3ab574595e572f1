// POST /api/v2/analytics/conversations/details/query over the ground truth.
#include "sim/details_query.hpp"
#include "sim/routes.hpp"
#include "sim/simulator.hpp"

namespace wmpulse::sim {

answer route_analytics(simulator& sim, const net::http_request_view& r) {
  if (r.path() != "/api/v2/analytics/conversations/details/query")
    return genesys_error(404, "not.found", "The requested resource was not found.");
  if (r.method != "POST") return genesys_error(405, "method.not.allowed", "Method not allowed");
  return details_query(sim.line().work().conversations(), sim.line().watermark(), r.body);
}

}  // namespace wmpulse::sim
