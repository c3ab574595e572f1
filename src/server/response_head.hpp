#pragma once
// The head every answer is sent with, in one place: the session builds it per request, and a
// kept answer carries it serialized once with its body (its wire image), sent as it is.
#include <memory>
#include <string>

#include "net/net.hpp"
#include "server/http_exchange.hpp"

namespace wmpulse::server {

namespace http = net::http;

bool bodyless_status(unsigned status);

template <class Response>
void decorate(Response& res, const http_answer& a, bool keep) {
  res.set(http::field::server, "wmpulse");
  if (!a.content_type.empty() && !bodyless_status(a.status)) res.set(http::field::content_type, a.content_type);
  for (const auto& [name, value] : a.headers) res.set(name, value);
  res.keep_alive(keep);
}

// `a` as the session sends it to an HTTP/1.1 request other than HEAD that keeps the connection.
std::shared_ptr<const std::string> keep_alive_wire(const http_answer& a);

// Whether a request gets `a`'s wire image rather than a head built for it.
inline bool wire_fits(const http_answer& a, unsigned version, bool head, bool keep) {
  return a.wire && version == 11 && !head && keep;
}

}  // namespace wmpulse::server
