// POST /oauth/token: the client-credentials grant, Basic auth plus a form body, as Genesys does.
#include <boost/json/object.hpp>

#include "sim/routes.hpp"
#include "sim/simulator.hpp"

namespace wmpulse::sim {
namespace json = boost::json;
namespace {

answer oauth_error(unsigned status, std::string_view error, std::string_view description) {
  return json_answer(status, json::object{{"error", error}, {"description", description}, {"error_description", description}});
}

int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Reads "Basic base64(id:secret)"; false when absent or malformed.
bool basic_credentials(std::string_view header, std::string& id, std::string& secret) {
  if (header.size() < 6 || (header.substr(0, 6) != "Basic " && header.substr(0, 6) != "basic ")) return false;
  std::string decoded;
  if (!base64_decode(header.substr(6), decoded)) return false;
  const auto colon = decoded.find(':');
  if (colon == std::string::npos) return false;
  id = decoded.substr(0, colon);
  secret = decoded.substr(colon + 1);
  return true;
}

}  // namespace

bool base64_decode(std::string_view in, std::string& out) {
  out.clear();
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    const int v = b64_value(c);
    if (v < 0) return false;
    buffer = (buffer << 6) | unsigned(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((buffer >> bits) & 0xff);
    }
  }
  return true;
}

answer route_login(simulator& sim, const net::http_request_view& r) {
  if (r.method != "POST") return oauth_error(405, "invalid_request", "method not allowed");
  std::string grant, id, secret;
  query_param(r.body, "grant_type", grant);
  if (grant != "client_credentials") return oauth_error(400, "unsupported_grant_type", "unsupported grant type");
  if (!basic_credentials(r.header("authorization"), id, secret)) {
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
