// Events/s of metrics::aggregator at 100, 10k and 1M open sessions (10k events in the
// window) and at 10k vs 1M events in the window (10k open sessions), in one run, with the
// ratios the per-event cost must keep (>= 0.8). Before timing, each case's workload, scaled
// down, is checked against the brute-force oracle of the unit tests; after timing, the full
// run is checked against a reference the generator keeps by construction.
// Run: build/aggregator_bench --benchmark_repetitions=3 (see docs/PERFORMANCE.md);
// --wmpulse_uuid_ids runs the same cases with 36-character ids.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <map>
#include <span>
#include <random>
#include <string>
#include <vector>

#include <time.h>

#include "check_reporter.hpp"
#include "metrics/aggregator.hpp"
#include "metrics/compare.hpp"
#include "metrics/oracle.hpp"

namespace {

using namespace wmpulse;
using events::session_event;

bool smoke = false;
bool uuid_ids = false;  // --wmpulse_uuid_ids: 36-character ids, like Genesys conversation ids
constexpr core::millis window_ms = 60'000;
constexpr core::millis t0 = 1'800'000'000'000;
constexpr std::size_t batch_size = 256;

struct shape {
  std::int64_t open_sessions;
  std::int64_t events_in_window;
  std::int64_t timed_events;
};

// What the window must hold after the stream, kept by the generator (timestamps never go back).
struct reference {
  struct rec {
    core::millis at;
    int kind;  // 0..2 message by direction, 3 ended
    std::int64_t duration;
  };
  std::deque<rec> window;
  std::int64_t connects = 0;
  std::int64_t open = 0;

  void add(const rec& r) { window.push_back(r); }
  void expire(core::millis now) {
    while (!window.empty() && window.front().at <= now - window_ms) window.pop_front();
  }
};

// The reference does not model the idle timeout: the timed span (events x 6 ms at 10k per
// window) must stay under it (1M events = 100 min < 4 h).
// A steady stream: 80% messages on random open sessions, 10% disconnects, 10% connects, in
// turn, so the number of open sessions stays put; event i is stamped t0 + 1 + i * window / per_window.
class workload {
public:
  workload(const shape& s, std::uint64_t seed) : shape_(s), rng_(seed) {}

  std::vector<session_event> opening() {
    std::vector<session_event> out;
    out.reserve(static_cast<std::size_t>(shape_.open_sessions));
    for (std::int64_t i = 0; i < shape_.open_sessions; ++i) out.push_back(connect(t0));
    return out;
  }

  std::vector<session_event> next(std::int64_t n) {
    std::vector<session_event> out;
    out.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i, ++produced_) out.push_back(one(t0 + 1 + (produced_ * window_ms) / shape_.events_in_window));
    return out;
  }

  reference& ref() { return ref_; }

private:
  static std::string make_id(std::uint64_t n) {
    if (!uuid_ids) return "c" + std::to_string(n);
    const auto h = n * 0x9E3779B97F4A7C15ULL;  // spreads the digits; distinct n give distinct ids
    char id[40];
    std::snprintf(id, sizeof id, "%08llx-%04llx-4%03llx-8%03llx-%012llx", static_cast<unsigned long long>(h >> 32),
                  static_cast<unsigned long long>((h >> 16) & 0xffff), static_cast<unsigned long long>((h >> 4) & 0xfff),
                  static_cast<unsigned long long>(n & 0xfff), static_cast<unsigned long long>(n & 0xffffffffffffULL));
    return id;
  }

  session_event connect(core::millis at) {
    const auto n = static_cast<std::uint64_t>(next_id_++);
    open_.push_back({n, at});
    ++ref_.connects;
    ++ref_.open;
    return {events::event_kind::connected, make_id(n), at, {}, events::direction::unknown};
  }

  session_event one(core::millis at) {
    ref_.expire(at);
    const auto step = produced_ % 10;  // one disconnect and one connect in ten events
    if (step == 0 && !open_.empty()) return disconnect(at);
    if (step == 5 || open_.empty()) return connect(at);
    const auto& s = open_[pick()];
    const auto dir = static_cast<events::direction>(std::uniform_int_distribution<int>(0, 2)(rng_));
    ref_.add({at, static_cast<int>(dir), 0});
    return {events::event_kind::message, make_id(s.first), at, {}, dir};
  }

  session_event disconnect(core::millis at) {
    const auto i = pick();
    auto s = open_[i];
    open_[i] = open_.back();
    open_.pop_back();
    --ref_.open;
    ref_.add({at, 3, at - s.second});
    return {events::event_kind::disconnected, make_id(s.first), at, {}, events::direction::unknown};
  }

  std::size_t pick() { return std::uniform_int_distribution<std::size_t>(0, open_.size() - 1)(rng_); }

  shape shape_;
  std::mt19937_64 rng_;
  // Open sessions by id number: the id strings are made as events are, so that a batch's
  // strings lie in memory in order, as a decoder's do (not scattered over a fragmented heap).
  std::vector<std::pair<std::uint64_t, core::millis>> open_;
  std::int64_t next_id_ = 0;
  std::int64_t produced_ = 0;
  reference ref_;
};

metrics::aggregator_config bench_config() {
  metrics::aggregator_config c;
  c.window_ms = window_ms;
  c.clock = metrics::clock_mode::event;
  c.max_open_sessions = 2'000'000;
  c.max_window_records = 4'000'000;
  return c;
}

// The same kind of stream, scaled down, against the oracle at several query times.
std::string check_against_oracle(const shape& s) {
  const shape small{std::min<std::int64_t>(s.open_sessions, 300), std::min<std::int64_t>(s.events_in_window, 2'000), 4'000};
  core::manual_clock unused;
  metrics::aggregator agg(bench_config(), unused);
  metrics::testing::oracle model(bench_config(), unused);
  workload w(small, 7);
  for (const auto& e : w.opening()) agg.apply(e), model.apply(e);
  if (bench::break_reference) model.apply({events::event_kind::connected, "not-in-the-stream", t0, {}, events::direction::unknown});
  for (int round = 0; round < 8; ++round) {
    for (const auto& e : w.next(small.timed_events / 8)) agg.apply(e), model.apply(e);
    if (auto r = metrics::testing::same_snapshot(agg.snapshot(), model.snapshot()); !r) return r.message();
  }
  return {};
}

std::string check_against_reference(metrics::aggregator& agg, workload& w) {
  const auto snap = agg.snapshot();
  auto& ref = w.ref();
  ref.expire(snap.taken_at_ms);
  std::int64_t by_kind[4] = {0, 0, 0, 0}, sum = 0;
  for (const auto& r : ref.window) {
    ++by_kind[r.kind];
    if (r.kind == 3) sum += r.duration;
  }
  const auto& m = snap.all;
  if (m.active_sessions != ref.open) return "active_sessions differs from the reference";
  if (m.total_connections != ref.connects) return "total_connections differs from the reference";
  if (m.messages_in_window != by_kind[0] + by_kind[1] + by_kind[2]) return "messages in window differ from the reference";
  if (m.sessions_ended_in_window != by_kind[3]) return "ended sessions differ from the reference";
  if (by_kind[3] > 0 && m.avg_session_duration_ms != static_cast<double>(sum) / static_cast<double>(by_kind[3]))
    return "average duration differs from the reference";
  if (m.inbound_messages_per_minute != static_cast<double>(by_kind[1]) * 60'000.0 / window_ms)
    return "inbound rate differs from the reference";
  return {};
}

// An aggregator already holding its open sessions and a full window, with the workload that
// continues its stream.
struct fixture {
  explicit fixture(const shape& s) : agg(bench_config(), unused), w(s, 42) {
    for (const auto& e : w.opening()) agg.apply(e);
    for (const auto& e : w.next(s.events_in_window)) agg.apply(e);
  }
  core::manual_clock unused;
  metrics::aggregator agg;
  workload w;
};

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Applies the events through the batch path, aggregator::apply(span), 256 at a time, so the
// per-call cost is spread thin and what is measured is the cost per event; returns the CPU
// seconds it took.
double apply_timed(metrics::aggregator& agg, std::span<const session_event> events) {
  const auto start = thread_cpu_seconds();
  for (std::size_t i = 0; i < events.size(); i += batch_size)
    agg.apply(events.subspan(i, std::min(batch_size, events.size() - i)));
  return thread_cpu_seconds() - start;
}

void bm_aggregator(benchmark::State& state) {
  shape s{state.range(0), state.range(1), state.range(2)};
  if (auto problem = check_against_oracle(s); !problem.empty()) return bench::check_failed(state, "oracle: " + problem);
  fixture f(s);
  const auto timed = f.w.next(s.timed_events);
  for (auto _ : state) apply_timed(f.agg, timed);
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(s.timed_events), benchmark::Counter::kIsRate);
  state.counters["open_sessions"] = static_cast<double>(f.agg.snapshot().counters.open_sessions);
  state.counters["window_records"] = static_cast<double>(f.agg.snapshot().counters.window_records);
  if (auto problem = check_against_reference(f.agg, f.w); !problem.empty()) bench::check_failed(state, problem);
}

// The ratio of a case's events/s to a base case's, measured in one process with the two
// interleaved in rounds of timed/rounds events each (base first on even rounds, case first on
// odd ones): on a shared machine whatever slows one slows the other, where separate runs a
// second apart can differ by a third.
void bm_paired(benchmark::State& state) {
  const shape base{state.range(0), state.range(1), state.range(4)};
  const shape other{state.range(2), state.range(3), state.range(4)};
  for (const auto& s : {base, other}) {
    if (auto problem = check_against_oracle(s); !problem.empty()) return bench::check_failed(state, "oracle: " + problem);
  }
  fixture fb(base), fo(other);
  // Generated before timing, as in the single cases: generating between rounds would evict
  // the large case's tables from the cache each round, which the ingest thread does not do.
  const auto eb = fb.w.next(base.timed_events), eo = fo.w.next(other.timed_events);
  constexpr int rounds = 10;
  const auto slice = [](const std::vector<session_event>& all, int r) {
    const auto n = all.size() / rounds;
    return std::span(all).subspan(static_cast<std::size_t>(r) * n, r == rounds - 1 ? all.size() - static_cast<std::size_t>(r) * n : n);
  };
  double base_seconds = 0, other_seconds = 0;
  for (auto _ : state) {
    for (int r = 0; r < rounds; ++r) {
      if (r % 2 == 0) {
        base_seconds += apply_timed(fb.agg, slice(eb, r));
        other_seconds += apply_timed(fo.agg, slice(eo, r));
      } else {
        other_seconds += apply_timed(fo.agg, slice(eo, r));
        base_seconds += apply_timed(fb.agg, slice(eb, r));
      }
    }
  }
  const auto per_s = [](const shape& s, double seconds) { return static_cast<double>(s.timed_events) / seconds; };
  state.counters["base_events_per_s"] = per_s(base, base_seconds);
  state.counters["events_per_s"] = per_s(other, other_seconds);
  state.counters["ratio"] = base_seconds / other_seconds;
  for (auto* f : {&fb, &fo}) {
    if (auto problem = check_against_reference(f->agg, f->w); !problem.empty()) bench::check_failed(state, problem);
  }
}

// Collects the paired ratios per case, so that their medians can be printed after the table.
class ratio_reporter : public bench::check_reporter {
public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      if (r.run_type == Run::RT_Iteration && !r.error_occurred) {
        auto it = r.counters.find("ratio");
        if (it != r.counters.end()) ratios[r.run_name.function_name].push_back(it->second.value);
      }
    }
    check_reporter::ReportRuns(runs);
  }
  std::map<std::string, std::vector<double>> ratios;
};

void register_cases() {
  const std::int64_t big = smoke ? 20'000 : 1'000'000;
  const std::int64_t timed = smoke ? 20'000 : 1'000'000;
  auto add = [&](const char* name, std::int64_t sessions, std::int64_t per_window) {
    benchmark::RegisterBenchmark(name, bm_aggregator)
        ->Args({sessions, per_window, timed})
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond);
  };
  add("sessions_100/window_10k", 100, 10'000);
  add("sessions_10k/window_10k", 10'000, 10'000);
  add("sessions_1M/window_10k", big, 10'000);
  add("sessions_10k/window_1M", 10'000, big);
  auto pair = [&](const char* name, shape base, shape other) {
    benchmark::RegisterBenchmark(name, bm_paired)
        ->Args({base.open_sessions, base.events_in_window, other.open_sessions, other.events_in_window, timed})
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond);
  };
  pair("paired/sessions_10k_vs_100", {100, 10'000, 0}, {10'000, 10'000, 0});
  pair("paired/sessions_1M_vs_100", {100, 10'000, 0}, {big, 10'000, 0});
  pair("paired/window_1M_vs_10k", {10'000, 10'000, 0}, {10'000, big, 0});
}

void print_ratios(const ratio_reporter& reporter) {
  std::printf("\nratios of events/s (CPU time), each case against its base interleaved in one process,\n"
              "medians over repetitions; >= 0.80 means the per-event cost did not grow%s\n",
              smoke ? " [smoke: scaled down, not meaningful]" : "");
  for (const auto& [name, v] : reporter.ratios) {
    auto sorted = v;
    std::sort(sorted.begin(), sorted.end());
    const auto median = sorted[sorted.size() / 2];
    std::printf("  %-28s %.3f (min %.3f, max %.3f) %s\n", name.c_str(), median, sorted.front(), sorted.back(),
                median >= 0.8 ? "ok" : "below 0.80");
  }
}

}  // namespace

int main(int argc, char** argv) {
  bench::take_common_flags(argc, argv);
  smoke = bench::take_flag(argc, argv, "--wmpulse_smoke");
  uuid_ids = bench::take_flag(argc, argv, "--wmpulse_uuid_ids");
  register_cases();
  ratio_reporter reporter;
  const int status = bench::run_benchmarks(argc, argv, reporter);
  if (!reporter.ratios.empty()) print_ratios(reporter);
  return status;
}
