#pragma once
// Polls GET /healthz from 127.0.0.1 on a fresh connection every `interval` in a thread of its
// own, and samples the service's resident memory, until stop(). Each probe waits at most
// probe_timeout; a probe that fails or times out is counted with that latency.
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>

namespace wmpulse::testing {

struct probe_report {
  int probes = 0;
  int failures = 0;
  std::chrono::milliseconds worst{0};
  long max_rss_kib = 0;
  std::string first_failure;
};

// VmRSS of a process in KiB from /proc/<pid>/status; -1 when it cannot be read.
long resident_kib(int pid);

class health_probe {
public:
  health_probe(unsigned short port, int pid, std::chrono::milliseconds interval = std::chrono::milliseconds(20),
               std::chrono::milliseconds probe_timeout = std::chrono::milliseconds(2000));
  ~health_probe();
  health_probe(const health_probe&) = delete;
  health_probe& operator=(const health_probe&) = delete;

  probe_report stop();  // joins the thread; the report of every probe made

private:
  void run();
  void probe_once();

  unsigned short port_;
  int pid_;
  std::chrono::milliseconds interval_, probe_timeout_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  probe_report report_;
  std::thread thread_;
};

}  // namespace wmpulse::testing
