// POST /oauth/token: the client-credentials grant, Basic auth plus a form body, as Genesys does.
#include <boost/json/object.hpp>

#include "net/http_auth.hpp"
#include "sim/routes.hpp"
#include "sim/simulator.hpp"

namespace wmpulse::sim {
namespace json = boost::json;
namespace {

answer oauth_error(unsigned status, std::string_view error, std::string_view description) {
  return json_answer(status, json::object{{"error", error}, {"description", description}, {"error_description", description}});
}

}  // namespace

answer route_login(simulator& sim, const net::http_request_view& r) {
  if (r.method != "POST") return oauth_error(405, "invalid_request", "method not allowed");
  std::string grant, id, secret;
  query_param(r.body, "grant_type", grant);
  if (grant != "client_credentials") return oauth_error(400, "unsupported_grant_type", "unsupported grant type");
  if (auto basic = net::parse_basic_authorization(r.header("authorization"))) {
    id = std::move(basic->user);
    secret = std::move(basic->password);
  } else {
    query_param(r.body, "client_id", id);
    query_param(r.body, "client_secret", secret);
  }
  const auto& o = sim.options();
  if (id != o.client_id || secret != o.client_secret) return oauth_error(401, "invalid_client", "authentication failed");
  const auto token = sim.tokens().issue(id);
  return json_answer(200, json::object{{"access_token", token},
                                       {"token_type", "bearer"},
                                       {"expires_in", sim.tokens().lifetime_seconds()}});
}

}  // namespace wmpulse::sim
