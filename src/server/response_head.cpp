#include "server/response_head.hpp"

#include <sstream>

namespace wmpulse::server {

bool bodyless_status(unsigned status) { return status == 204 || status == 304 || (status >= 100 && status < 200); }

std::shared_ptr<const std::string> keep_alive_wire(const http_answer& a) {
  const auto body = a.body_view();
  http::response<http::span_body<const char>> res{static_cast<http::status>(a.status), 11};
  decorate(res, a, true);
  if (!bodyless_status(a.status)) res.body() = http::span_body<const char>::value_type(body.data(), body.size());
  res.prepare_payload();
  std::ostringstream out;
  out << res;  // Beast's serializer, as http::async_write would write it
  return std::make_shared<const std::string>(std::move(out).str());
}

}  // namespace wmpulse::server
