#include "net/url.hpp"

#include <boost/url/parse.hpp>

namespace wmpulse::net {

bool endpoint_url::default_port() const {
  return (port == "80" && (scheme == "http" || scheme == "ws")) ||
         (port == "443" && (scheme == "https" || scheme == "wss"));
}

std::string endpoint_url::host_header() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (!default_port()) h += ":" + port;
  return h;
}

std::optional<endpoint_url> parse_endpoint_url(std::string_view text) {
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) return std::nullopt;
  const auto& u = *parsed;
  endpoint_url out;
  out.scheme = u.scheme();
  if (out.scheme != "http" && out.scheme != "https" && out.scheme != "ws" && out.scheme != "wss")
    return std::nullopt;
  if (!u.has_authority() || u.has_userinfo() || u.encoded_host().empty()) return std::nullopt;
  out.host = u.host_type() == boost::urls::host_type::ipv6 ? std::string(u.encoded_host_address())
                                                           : std::string(u.encoded_host());
  if (u.has_port()) out.port = u.port();
  else out.port = out.tls() ? "443" : "80";
  out.target = u.encoded_path().empty() ? "/" : std::string(u.encoded_path());
  if (u.has_query()) out.target += "?" + std::string(u.encoded_query());
  return out;
}

}  // namespace wmpulse::net
