#include "hostile/hostile_fixture.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <boost/json.hpp>

#include "support/raw_socket.hpp"

namespace wmpulse::testing {
namespace {

using namespace std::chrono_literals;

std::chrono::milliseconds latency_bound() {
  const char* v = std::getenv("WMPULSE_HOSTILE_LATENCY_MS");
  return std::chrono::milliseconds(v && *v ? std::atol(v) : 100);
}

bool healthy(unsigned short port) {
  auto r = raw_http(port, "GET", "/healthz");
  return r.status == 200 && r.body == "ok\n";
}

// A normal query answered with moving metrics: the generator has connected sessions.
bool answers_normally(unsigned short port, std::string& last) {
  auto v = post_query(port, "{ realTimeMetrics { totalConnections windowSeconds } }", "127.0.0.1");
  last = boost::json::serialize(v);
  if (!v.is_object()) return false;
  const auto* data = v.as_object().if_contains("data");
  if (!data || !data->is_object()) return false;
  const auto& m = data->at("realTimeMetrics").as_object();
  return m.at("totalConnections").to_number<long long>() > 0 && m.at("windowSeconds").to_number<double>() == 60.0;
}

}  // namespace

std::vector<std::string> generator_args() {
  return {"--source", "generator", "--generator-rate", "1200", "--seed", "7",
          "--bind", "127.0.0.1", "--port", "0", "--log-level", "error"};
}

void hostile_test::start(std::vector<std::string> args) {
  // setpriv: the service gets SIGKILL if this test process dies (ctest's TIMEOUT), so a
  // service stuck in an attack never outlives its test.
  std::vector<std::string> wrapped{"--pdeathsig", "KILL", "--", WMPULSE_BINARY};
  wrapped.insert(wrapped.end(), args.begin(), args.end());
  service_ = std::make_unique<child_process>("/usr/bin/setpriv", wrapped);
  auto line = service_->wait_for_line("listening on", 30s);
  ASSERT_TRUE(line) << "the service did not start";
  port_ = port_in_line(*line).value_or(0);
  ASSERT_NE(port_, 0);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!healthy(port_) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  ASSERT_TRUE(healthy(port_));
}

void hostile_test::under_attack(const std::function<void()>& attack, long rss_bound_mib) {
  ASSERT_TRUE(service_ != nullptr);
  health_probe probe(port_, service_->pid());
  attack();
  auto report = probe.stop();
  const auto bound = latency_bound();
  EXPECT_GT(report.probes, 0);
  EXPECT_EQ(report.failures, 0) << "first failed probe: " << report.first_failure;
  EXPECT_LT(report.worst, bound) << "worst /healthz latency " << report.worst.count() << " ms over "
                                 << report.probes << " probes";
  EXPECT_LT(report.max_rss_kib, rss_bound_mib * 1024) << "VmRSS peaked at " << report.max_rss_kib / 1024 << " MiB";
  std::printf("[ probe    ] %d probes, %d failed, worst %lld ms, peak VmRSS %ld MiB\n", report.probes,
              report.failures, static_cast<long long>(report.worst.count()), report.max_rss_kib / 1024);
}

void hostile_test::TearDown() {
  if (!service_) return;
  ASSERT_TRUE(service_->running()) << "the service died";
  std::string last;
  bool normal = false;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!(normal = answers_normally(port_, last)) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);  // bounded poll: the generator's first sessions
  EXPECT_TRUE(normal) << "a normal query after the attack got: " << last;
  const auto before = std::chrono::steady_clock::now();
  const int status = service_->stop(5s);
  EXPECT_EQ(status, 0) << "SIGTERM did not end the service cleanly within 5 s (status " << status << ")";
  std::printf("[ sigterm  ] exit %d after %lld ms\n", status,
              static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now() - before).count()));
}

std::string fragment_bomb(const std::string& operation, const std::string& root_type, int levels, int width,
                          const std::string& f0_body) {
  std::string q = operation + "{...F" + std::to_string(levels) + "}";
  q += " fragment F0 on " + root_type + "{" + f0_body + "}";
  for (int k = 1; k <= levels; ++k) {
    q += " fragment F" + std::to_string(k) + " on " + root_type + "{";
    for (int i = 0; i < width; ++i) q += "...F" + std::to_string(k - 1) + " ";
    q += "}";
  }
  return q;
}

boost::json::value post_query(unsigned short port, const std::string& query, const std::string& source_ip,
                              std::chrono::milliseconds timeout) {
  connect_options o;
  o.source_ip = source_ip;
  o.timeout = timeout;
  auto reply = raw_http(port, "POST", "/graphql", "Content-Type: application/json\r\nAccept: application/json\r\n",
                        boost::json::serialize(boost::json::object{{"query", query}}), o);
  if (reply.status == 0) return nullptr;
  boost::system::error_code ec;
  auto v = boost::json::parse(reply.body, ec);
  return ec ? boost::json::value(nullptr) : v;
}

std::string first_error(const boost::json::value& body) {
  if (!body.is_object()) return {};
  const auto* errors = body.as_object().if_contains("errors");
  if (!errors || !errors->is_array() || errors->as_array().empty()) return {};
  const auto& e = errors->as_array().front();
  if (!e.is_object() || !e.as_object().contains("message") || !e.at("message").is_string()) return {};
  return std::string(e.at("message").as_string());
}

bool mentions(const std::string& text, const std::string& word) {
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  };
  return lower(text).find(lower(word)) != std::string::npos;
}

}  // namespace wmpulse::testing
