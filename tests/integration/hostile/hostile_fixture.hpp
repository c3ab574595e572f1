#pragma once
// The frame every hostile-client test shares: start the real wmpulse (generator source, so the
// metrics are not zero, unless a test gives other arguments), run one attack while a probe
// polls GET /healthz from 127.0.0.1 every 20 ms, then check that
//   - the worst /healthz latency stayed under 100 ms (WMPULSE_HOSTILE_LATENCY_MS overrides it,
//     for sanitizer builds) and no probe failed;
//   - the service's VmRSS stayed under 200 MiB (rss_bound_mib);
//   - afterwards it answers a normal query correctly and exits with status 0 within 5 s of SIGTERM.
// Hostile connections come from 127.0.0.2 … so the per-client cap never refuses the probe.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "support/child_process.hpp"
#include "support/health_probe.hpp"

namespace wmpulse::testing {

inline constexpr long default_rss_bound_mib = 200;

std::vector<std::string> generator_args();  // --source generator … --port 0, metrics moving

class hostile_test : public ::testing::Test {
protected:
  void start(std::vector<std::string> args = generator_args());
  // Runs the attack under the probe and checks latency and memory against the bounds.
  void under_attack(const std::function<void()>& attack, long rss_bound_mib = default_rss_bound_mib);
  void TearDown() override;  // still serving, then a clean SIGTERM exit

  unsigned short port() const { return port_; }
  int pid() const { return service_->pid(); }

private:
  std::unique_ptr<child_process> service_;
  unsigned short port_ = 0;
};

// The fragment bomb: F0 spreads itself, F<k> spreads F<k-1> `width` times, the
// operation spreads F<levels>. `f0_body` replaces F0's selection when given.
std::string fragment_bomb(const std::string& operation = "", const std::string& root_type = "Query",
                          int levels = 5, int width = 100, const std::string& f0_body = "...F0");

// POST /graphql from the given address; the parsed body (null when none came in time).
boost::json::value post_query(unsigned short port, const std::string& query, const std::string& source_ip,
                              std::chrono::milliseconds timeout = std::chrono::seconds(5));
inline boost::json::value hostile_post(unsigned short port, const std::string& query,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  return post_query(port, query, "127.0.0.2", timeout);
}

// The message of the first error, or "" when the body has none.
std::string first_error(const boost::json::value& body);
bool mentions(const std::string& text, const std::string& word);  // case-insensitive

}  // namespace wmpulse::testing
