#include "net/proxy.hpp"

#include <algorithm>

#include <boost/beast/core/detail/base64.hpp>

#include "core/text.hpp"
#include "net/url.hpp"

namespace wmpulse::net {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<std::string> first_of(const environment& env, std::initializer_list<std::string_view> names) {
  for (auto name : names)
    if (auto v = env(name); v && !v->empty()) return v;
  return std::nullopt;
}

// "user:password@" off the front of the authority, percent-decoded.
struct split_credentials {
  std::string url_without;
  std::optional<std::string> user, password;
};

std::optional<split_credentials> take_credentials(std::string_view url) {
  split_credentials out{std::string(url), {}, {}};
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  const auto authority = url.substr(scheme_end + 3);
  const auto at = authority.substr(0, authority.find('/')).rfind('@');
  if (at == std::string_view::npos) return out;
  const auto info = authority.substr(0, at);
  const auto colon = info.find(':');
  out.user = core::percent_decode(info.substr(0, colon));
  out.password = colon == std::string_view::npos ? std::string() : core::percent_decode(info.substr(colon + 1));
  if (!out.user || !out.password) return std::nullopt;
  out.url_without = std::string(url.substr(0, scheme_end + 3)) + std::string(authority.substr(at + 1));
  return out;
}

bool host_matches(std::string_view host, std::string_view rule) {
  if (rule == "*") return true;
  if (!rule.empty() && rule.front() == '.') rule.remove_prefix(1);
  if (host == rule) return true;
  return host.size() > rule.size() && host.ends_with(rule) && host[host.size() - rule.size() - 1] == '.';
}

}  // namespace

bool proxy_settings::applies_to(std::string_view host) const {
  const auto h = lower(host);
  return std::none_of(no_proxy.begin(), no_proxy.end(), [&](const std::string& rule) { return host_matches(h, rule); });
}

std::string proxy_settings::display() const {
  const bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + port;
}

core::result<std::optional<proxy_settings>, std::string> proxy_from_environment(const environment& env) {
  const auto text = first_of(env, {"HTTPS_PROXY", "https_proxy"});
  if (!text) return std::optional<proxy_settings>{};
  const std::string problem = "HTTPS_PROXY is not an http://[user:password@]host[:port] URL";
  // A bare "host:port" is how many set it; it means http://host:port.
  const std::string with_scheme = text->find("://") == std::string::npos ? "http://" + *text : *text;
  const auto parts = take_credentials(with_scheme);
  if (!parts) return core::failure{problem};
  const auto url = parse_endpoint_url(parts->url_without);
  if (!url || url->scheme != "http") return core::failure{problem + (url ? " (only http:// proxies are supported)" : "")};
  proxy_settings p{url->host, url->port, {}, {}};
  if (parts->user) p.authorization = basic_authorization(*parts->user, *parts->password);
  if (const auto no = first_of(env, {"NO_PROXY", "no_proxy"}))
    for (auto& rule : core::split_list(*no)) p.no_proxy.push_back(lower(rule));
  return std::optional<proxy_settings>{std::move(p)};
}

std::string basic_authorization(std::string_view user, std::string_view password) {
  namespace b64 = boost::beast::detail::base64;
  const std::string plain = std::string(user) + ":" + std::string(password);
  std::string out(b64::encoded_size(plain.size()), '\0');
  out.resize(b64::encode(out.data(), plain.data(), plain.size()));
  return "Basic " + out;
}

}  // namespace wmpulse::net
