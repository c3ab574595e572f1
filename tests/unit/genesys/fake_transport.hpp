#pragma once
// An in-process http_transport: answers from a script, records every request, and can hold
// answers back until released (to pile up concurrent callers).
#include <deque>
#include <string>
#include <vector>

#include "genesys/http_client.hpp"
#include "net/wake_signal.hpp"

namespace wmpulse::genesys::testing {

class fake_transport final : public http_transport {
public:
  explicit fake_transport(asio::io_context& ioc) : gate_(ioc.get_executor()) {}

  void answer(unsigned status, std::string body, std::optional<std::string> retry_after = std::nullopt) {
    script_.push_back(http_result{http_response{status, std::move(body), std::move(retry_after)}});
  }
  void fail_transport(std::string why) { script_.push_back(http_result{core::failure{transport_error{std::move(why)}}}); }
  void hold(bool on) {
    held_ = on;
    if (!on) gate_.notify();
  }

  asio::awaitable<http_result> send(const http_request& request) override {
    requests.push_back(request);
    while (held_) co_await gate_.wait();
    if (script_.empty()) co_return http_result{core::failure{transport_error{"script exhausted"}}};
    auto r = std::move(script_.front());
    script_.pop_front();
    co_return r;
  }

  std::vector<http_request> requests;

private:
  std::deque<http_result> script_;
  bool held_ = false;
  net::wake_signal gate_;
};

inline std::string header(const http_request& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

}  // namespace wmpulse::genesys::testing
