#include "net/http_exchange.hpp"

#include <algorithm>

namespace wmpulse::net {

std::string_view target_path(std::string_view target) {
  return target.substr(0, std::min(target.find('?'), target.find('#')));
}

std::string_view http_request_view::query() const {
  const std::string_view before_fragment = target.substr(0, target.find('#'));
  const auto q = before_fragment.find('?');
  return q == std::string_view::npos ? std::string_view() : before_fragment.substr(q + 1);
}

http_answer text_answer(unsigned status, std::string body) {
  http_answer a;
  a.status = status;
  a.content_type = "text/plain; charset=utf-8";
  a.body = std::move(body);
  return a;
}

http_request_view view_of(const http::request<http::string_body>& request) {
  return http_request_view{request.method_string(), request.target(), request.body(),
                           [&request](std::string_view name) -> std::string_view {
                             const auto it = request.find(name);
                             return it == request.end() ? std::string_view() : std::string_view(it->value());
                           }};
}

}  // namespace wmpulse::net
