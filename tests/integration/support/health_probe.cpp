#include "support/health_probe.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "support/raw_socket.hpp"

namespace wmpulse::testing {

long resident_kib(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return -1;
}

health_probe::health_probe(unsigned short port, int pid, std::chrono::milliseconds interval,
                           std::chrono::milliseconds probe_timeout)
    : port_(port), pid_(pid), interval_(interval), probe_timeout_(probe_timeout), thread_([this] { run(); }) {}

health_probe::~health_probe() { stop(); }

probe_report health_probe::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  return report_;
}

// At least one probe, even when the attack ends before the thread is first scheduled.
void health_probe::run() {
  do {
    const auto next = std::chrono::steady_clock::now() + interval_;
    probe_once();
    if (!stopping_) std::this_thread::sleep_until(next);  // the probing cadence, not a wait for a condition
  } while (!stopping_);
}

void health_probe::probe_once() {
  const auto start = std::chrono::steady_clock::now();
  connect_options o;
  o.timeout = probe_timeout_;
  auto reply = raw_http(port_, "GET", "/healthz", {}, {}, o);
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  long rss = resident_kib(pid_);
  std::lock_guard lock(mutex_);
  ++report_.probes;
  report_.worst = std::max(report_.worst, took);
  report_.max_rss_kib = std::max(report_.max_rss_kib, rss);
  if (reply.status != 200 || reply.body != "ok\n") {
    ++report_.failures;
    if (report_.first_failure.empty())
      report_.first_failure = "status " + std::to_string(reply.status) + " after " + std::to_string(took.count()) + " ms";
  }
}

}  // namespace wmpulse::testing
