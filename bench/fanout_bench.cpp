// Subscription fan-out: N graphql-transport-ws subscribers (default 10,000) on one server.
// Each tick changes the result; the time from notify() until every subscriber has the new
// frame is the tick time. Every frame is checked against the reference text (fanout_load):
// the first result before timing, each tick's after; a differing frame fails the run. The
// load generator runs in a child process so that the server's RSS per subscriber is measured
// alone.
//
//   build/fanout_bench [--subscribers=10000[,1000...]] [--ticks=50] [--wmpulse_break_reference]
// Several subscriber counts run as separate cases of one process, so that with
// --benchmark_enable_random_interleaving their repetitions share the machine's load.
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <boost/json.hpp>

#include "check_reporter.hpp"
#include "fanout_load.hpp"
#include "server/http_server.hpp"

namespace {
using namespace wmpulse;

std::vector<int> g_subscribers{10'000};
int g_ticks = 50;
constexpr const char* first_frame_differs = "a subscriber's first frame differs from the reference (before timing)";

// Serves the frame fanout_load expects for the current tick value.
class metrics_backend final : public server::graphql_ws_backend {
public:
  std::atomic<std::int64_t> value{0};
  core::result<server::ws_operation, boost::json::array> prepare(const server::ws_request& r) override {
    server::ws_operation op;
    op.subscription = r.query.rfind("subscription", 0) == 0;
    op.key = r.query;
    op.execute = [this](const std::any&) {
      std::int64_t v = value.load();
      boost::json::object m{{"activeSessions", v}, {"totalConnections", v * 3}, {"avgSessionDurationMs", 1234.5},
                            {"messagesPerMinute", 17.25}};
      return boost::json::object{{"data", boost::json::object{{"realTimeMetrics", std::move(m)}}}};
    };
    return op;
  }
};

long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

bool read_report(int fd, bench::tick_report& r) {
  auto* p = reinterpret_cast<char*>(&r);
  std::size_t got = 0;
  while (got < sizeof r) {
    ssize_t n = ::read(fd, p + got, sizeof r - got);
    if (n <= 0) return false;
    got += static_cast<std::size_t>(n);
  }
  return true;
}

// The child: waits for the port, runs the subscribers, reports each completed tick.
[[noreturn]] void load_process(int port_fd, int report_fd, int subscribers) {
  std::uint16_t port = 0;
  if (::read(port_fd, &port, sizeof port) != sizeof port) _exit(2);
  bench::run_load(port, subscribers, 256, [report_fd](const bench::tick_report& r) {
    if (::write(report_fd, &r, sizeof r) != sizeof r) _exit(3);
  });
  _exit(0);
}

void fanout_tick(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  int to_child[2], from_child[2];
  if (::pipe(to_child) != 0 || ::pipe(from_child) != 0) return state.SkipWithError("pipe failed");
  pid_t child = ::fork();
  if (child == 0) load_process(to_child[0], from_child[1], n);
  ::close(to_child[0]);
  ::close(from_child[1]);

  auto backend = std::make_shared<metrics_backend>();
  server::server_options o;
  o.address = "127.0.0.1";
  o.port = 0;
  o.threads = 2;
  o.publish_interval_ms = 0;  // ticks back to back: the bench measures delivery, not pacing
  o.max_connections = static_cast<std::size_t>(n) + 100;
  o.max_connections_per_client = o.max_connections;  // every subscriber comes from 127.0.0.1
  server::http_server srv(o);
  srv.set_graphql_ws(backend);
  srv.start();
  ::malloc_trim(0);  // what earlier cases freed goes back to the system: RSS counts this case alone
  const long rss_before = rss_kib();
  std::uint16_t port = srv.port();
  if (::write(to_child[1], &port, sizeof port) != sizeof port) return state.SkipWithError("write to child failed");

  bench::tick_report r;
  auto t_connect = std::chrono::steady_clock::now();
  bool ok = read_report(from_child[0], r) && r.value == 0;  // everyone has the first result
  double connect_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_connect).count();
  const long rss_subscribed = rss_kib();
  if (!ok || r.failed || srv.stats().subscribers != static_cast<std::size_t>(n) || r.bad_frames) {
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    if (ok && r.bad_frames) return bench::check_failed(state, first_frame_differs);
    return bench::check_failed(state, "not every subscriber connected");
  }

  std::vector<double> ticks;
  double cpu0 = cpu_seconds();
  const std::int64_t client_cpu0 = r.client_cpu_us;
  for (auto _ : state) {
    ++backend->value;
    auto t0 = std::chrono::steady_clock::now();
    srv.notify(nullptr);  // the backend reads `value`, not the root
    if (!read_report(from_child[0], r) || r.value != backend->value) {
      bench::check_failed(state, "the load generator lost a tick");
      break;
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    state.SetIterationTime(s);
    ticks.push_back(s);
  }
  double cpu = cpu_seconds() - cpu0;
  const long rss_after = rss_kib();
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  srv.stop();
  if (r.bad_frames) return bench::check_failed(state, "a subscriber received a frame that differs from the reference");
  if (ticks.empty()) return;

  std::sort(ticks.begin(), ticks.end());
  double total = 0;
  for (double t : ticks) total += t;
  state.counters["subscribers"] = n;
  state.counters["frames_per_s"] = static_cast<double>(n) * ticks.size() / total;
  state.counters["tick_ms_p50"] = ticks[ticks.size() / 2] * 1e3;
  state.counters["tick_ms_max"] = ticks.back() * 1e3;
  state.counters["server_cpu_us_per_frame"] = cpu * 1e6 / (static_cast<double>(n) * ticks.size());
  state.counters["client_cpu_us_per_frame"] =
      static_cast<double>(r.client_cpu_us - client_cpu0) / (static_cast<double>(n) * ticks.size());
  state.counters["rss_kib_per_sub"] = static_cast<double>(rss_subscribed - rss_before) / n;
  state.counters["rss_growth_kib_during_ticks"] = static_cast<double>(rss_after - rss_subscribed);
  state.counters["connect_all_s"] = connect_s;
}

// Takes --name=<v1>[,<v2>...] from argv; `fallback` when absent.
std::vector<int> ints_flag(int& argc, char** argv, const char* name, std::vector<int> fallback) {
  std::string prefix = std::string("--") + name + "=";
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], prefix.c_str(), prefix.size()) != 0) continue;
    std::vector<int> v;
    for (const char* p = argv[i] + prefix.size(); *p;) {
      char* end = nullptr;
      v.push_back(static_cast<int>(std::strtol(p, &end, 10)));
      p = *end == ',' ? end + 1 : end + std::strlen(end);
    }
    std::copy(argv + i + 1, argv + argc, argv + i);
    --argc;
    return v;
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  bench::take_common_flags(argc, argv);
  g_subscribers = ints_flag(argc, argv, "subscribers", g_subscribers);
  g_ticks = ints_flag(argc, argv, "ticks", {g_ticks}).at(0);
  std::signal(SIGPIPE, SIG_IGN);
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;
  setrlimit(RLIMIT_NOFILE, &files);
  auto* cases = benchmark::RegisterBenchmark("fanout_tick", fanout_tick)->Iterations(g_ticks)->UseManualTime()->Unit(benchmark::kMillisecond);
  for (int n : g_subscribers) cases->Arg(n);
  bench::check_reporter reporter;
  return bench::run_benchmarks(argc, argv, reporter);
}
