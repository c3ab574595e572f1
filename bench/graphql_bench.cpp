// Requests/s of the GraphQL engine over an api::root_state holding a hand-built snapshot, for
// the tutorial's query and a dashboard query (all fields, 8 queues, one queue by argument):
//   uncached : prepare on a service without cache (parse + limits + validate) + execute + serialize
//   cached   : prepare (cache hit) + execute + serialize — what a transport does per request
//   execute  : execute alone on an already prepared document (no serialization)
// Before timing, each path's answer is compared with a reference built straight from the
// snapshot (not through the engine), and each hostile document's outcome (runs, or refused
// by which rule) with the expected one; a mismatch exits 1 before timing, so the ctest smoke
// run fails (bench/check_reporter.hpp; --wmpulse_break_reference corrupts the reference).
// Run: build-bench/graphql_bench --benchmark_repetitions=3 (see docs/PERFORMANCE.md).
#include <benchmark/benchmark.h>

#include <any>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "api/api.hpp"
#include "check_reporter.hpp"

namespace {

using namespace wmpulse;
namespace json = boost::json;

constexpr int queue_count = 8;

const std::string tutorial_query =
    "query { realTimeMetrics { activeSessions totalConnections avgSessionDurationMs messagesPerMinute } }";

const std::string dashboard_query =
    "query Dashboard {\n"
    "  all: realTimeMetrics { ...m }\n"
    "  queues { queueId metrics { ...m } }\n"
    "  one: realTimeMetrics(queueId: \"queue-02\") { queueId activeSessions messagesPerMinute }\n"
    "}\n"
    "fragment m on Metrics {\n"
    "  activeSessions totalConnections avgSessionDurationMs messagesPerMinute\n"
    "  inboundMessagesPerMinute outboundMessagesPerMinute sessionsEndedInWindow messagesInWindow\n"
    "  sessionDurationP50Ms sessionDurationP90Ms sessionDurationP99Ms windowSeconds takenAt\n"
    "}\n";

metrics::window_metrics sample_metrics(int k) {
  metrics::window_metrics m;
  m.active_sessions = 100 + k;
  m.total_connections = 1000 + 10 * k;
  m.avg_session_duration_ms = 1234.5 + k;
  m.messages_per_minute = 600.25 + k;
  m.inbound_messages_per_minute = 300.5 + k;
  m.outbound_messages_per_minute = 299.75;
  m.sessions_ended_in_window = 40 + k;
  m.messages_in_window = 600 + k;
  if (k % 2 == 0) {  // odd queues have no ended session: percentiles null
    m.duration_p50_ms = 1000.5;
    m.duration_p90_ms = 2000.25;
    m.duration_p99_ms = 3000.125;
  }
  return m;
}

std::string queue_name(int k) { return "queue-0" + std::to_string(k); }

std::shared_ptr<const metrics::metrics_snapshot> make_snapshot() {
  auto s = std::make_shared<metrics::metrics_snapshot>();
  s->taken_at_ms = 1'800'000'000'000;  // 2027-01-15T08:00:00.000Z
  s->window_ms = 60'000;
  s->all = sample_metrics(queue_count * 2);
  for (int k = 0; k < queue_count; ++k) s->queues.push_back({queue_name(k), sample_metrics(k)});
  return s;
}

json::value optional_number(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::object reference_metrics(const metrics::window_metrics& m) {
  return {{"activeSessions", m.active_sessions},
          {"totalConnections", m.total_connections},
          {"avgSessionDurationMs", m.avg_session_duration_ms},
          {"messagesPerMinute", m.messages_per_minute},
          {"inboundMessagesPerMinute", m.inbound_messages_per_minute},
          {"outboundMessagesPerMinute", m.outbound_messages_per_minute},
          {"sessionsEndedInWindow", m.sessions_ended_in_window},
          {"messagesInWindow", m.messages_in_window},
          {"sessionDurationP50Ms", optional_number(m.duration_p50_ms)},
          {"sessionDurationP90Ms", optional_number(m.duration_p90_ms)},
          {"sessionDurationP99Ms", optional_number(m.duration_p99_ms)},
          {"windowSeconds", 60.0},
          {"takenAt", "2027-01-15T08:00:00.000Z"}};
}

json::value reference_dashboard(const metrics::metrics_snapshot& s) {
  json::array queues;
  for (const auto& q : s.queues) queues.push_back(json::object{{"queueId", q.queue_id}, {"metrics", reference_metrics(q.metrics)}});
  const auto& two = s.queues.at(2).metrics;
  json::object one{{"queueId", "queue-02"}, {"activeSessions", two.active_sessions}, {"messagesPerMinute", two.messages_per_minute}};
  return json::object{{"data", json::object{{"all", reference_metrics(s.all)}, {"queues", queues}, {"one", one}}}};
}

json::value reference_tutorial(const metrics::metrics_snapshot& s) {
  return json::parse(
      "{\"data\":{\"realTimeMetrics\":{\"activeSessions\":" + std::to_string(s.all.active_sessions) +
      ",\"totalConnections\":" + std::to_string(s.all.total_connections) +
      ",\"avgSessionDurationMs\":" + (bench::break_reference ? "1250.25" : "1250.5") + ",\"messagesPerMinute\":616.25}}}");
}

struct fixture {
  std::shared_ptr<const metrics::metrics_snapshot> snapshot = make_snapshot();
  std::any root = api::graphql_root(std::make_shared<const api::root_state>(snapshot, nullptr, nullptr));
  std::shared_ptr<graphql::service> cached = api::make_service();
  std::shared_ptr<graphql::service> uncached = api::make_service([] {
    api::limits l;
    l.cache_entries = 0;
    return l;
  }());
  json::object no_variables;
};

fixture& the_fixture() {
  static fixture f;
  return f;
}

// The per-request path of a transport: prepare, execute, serialize.
std::string answer(const graphql::service& svc, const std::string& query) {
  auto p = svc.prepare(query);
  if (!p.ok()) return json::serialize(p.error());
  return json::serialize(svc.execute(*p.value(), std::nullopt, the_fixture().no_variables, the_fixture().root).body);
}

bool matches(const char* what, const std::string& got, const json::value& want) {
  if (json::parse(got) == want) return true;
  bench::check_failed(std::string(what) + ": got " + got + "\nwant " + json::serialize(want));
  return false;
}

bool check_hostile();

bool check_all() {
  auto& f = the_fixture();
  bool ok = true;
  const std::pair<const std::string*, json::value> cases[] = {{&tutorial_query, reference_tutorial(*f.snapshot)},
                                                              {&dashboard_query, reference_dashboard(*f.snapshot)}};
  for (const auto& [query, want] : cases) {
    ok = matches("uncached", answer(*f.uncached, *query), want) && ok;
    ok = matches("cached", answer(*f.cached, *query), want) && ok;
    ok = matches("cached again", answer(*f.cached, *query), want) && ok;
  }
  if (f.uncached->cache_size() != 0 || f.cached->cache_size() != 2) {
    bench::check_failed("unexpected cache sizes " + std::to_string(f.uncached->cache_size()) + " / " +
                        std::to_string(f.cached->cache_size()));
    ok = false;
  }
  return check_hostile() && ok;
}

const std::string& query_of(const benchmark::State& state) { return state.range(0) == 0 ? tutorial_query : dashboard_query; }
void label(benchmark::State& state) {
  state.SetLabel(state.range(0) == 0 ? "tutorial" : "dashboard");
  state.SetItemsProcessed(state.iterations());
}

void BM_uncached(benchmark::State& state) {
  const auto& q = query_of(state);
  for (auto _ : state) benchmark::DoNotOptimize(answer(*the_fixture().uncached, q));
  label(state);
}

void BM_cached(benchmark::State& state) {
  const auto& q = query_of(state);
  for (auto _ : state) benchmark::DoNotOptimize(answer(*the_fixture().cached, q));
  label(state);
}

void BM_execute_only(benchmark::State& state) {
  auto& f = the_fixture();
  auto p = f.cached->prepare(query_of(state));
  if (!p.ok()) {
    state.SkipWithError("prepare failed");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(f.cached->execute(*p.value(), std::nullopt, f.no_variables, f.root));
  label(state);
}

// Hostile documents at the default limits: the worst we know of for each step (limit check,
// validation, OverlappingFieldsCanBeMerged above all, execution). Each must take
// milliseconds, not seconds; the label says whether prepare refused it.
std::string repeated(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// F<k> on __Type selects `fields { type { ...F<k-1> } }` twice under the same key (so the
// overlap rule compares the two, and everything below them, pair by pair); `leaf(k)` ends it.
std::string overlap_tree(int levels, bool conflicting) {
  std::string q = "{ __type(name: \"Query\") { ...F" + std::to_string(levels) + " } } fragment F0 on __Type { n: name }";
  for (int k = 1; k <= levels; ++k) {
    const std::string below = "...F" + std::to_string(k - 1);
    const std::string other = conflicting && k == 1 ? "n: kind" : below;
    q += " fragment F" + std::to_string(k) + " on __Type { fields { type { " + below + " } } fields { type { " + other + " } } }";
  }
  return q;
}

// The same tree written out in full (no fragments), every leaf pair conflicting.
std::string overlap_tree_inline(int levels) {
  std::string left = "n: name", right = "n: kind";
  for (int k = 1; k <= levels; ++k) {
    left = "fields { type { " + left + " } } fields { type { " + right + " } }";
    right = left;
  }
  return "{ __type(name: \"Query\") { " + left + " } }";
}

// Two fields whose n children each conflict with every child of the other: n² sub-conflicts
// in one message, in graphql-js terms.
std::string crossed_children(int n) {
  return "{ __type(name: \"Query\") { name " + repeated("x: name ", n) + "} __type(name: \"Query\") { name " +
         repeated("x: kind ", n) + "} }";
}

std::string same_key_fields(int n) {  // n copies of one field: n² pairs in graphql-js terms
  return "{ " + repeated("realTimeMetrics { activeSessions } ", n) + "}";
}

std::string many_fragments(int n) {  // n one-field fragments spread side by side: n² fragment pairs
  std::string spreads, fragments;
  for (int i = 0; i < n; ++i) {
    spreads += " ...A" + std::to_string(i);
    fragments += " fragment A" + std::to_string(i) + " on Metrics { activeSessions }";
  }
  return "{ realTimeMetrics {" + spreads + " } }" + fragments;
}

struct hostile {
  std::string name;
  std::string query;
  std::string refused_by;  // empty: the document runs; else a part of prepare's last error message
};

constexpr const char* too_many_selections = "expands to more selections";
constexpr const char* overlap_budget = "needs more field comparisons";

const std::vector<hostile>& hostile_documents() {
  static const std::vector<hostile> docs = [] {
    std::vector<hostile> d;
    std::string bomb = "{...F5} fragment F0 on Query{...F0}";
    for (int k = 1; k <= 5; ++k) bomb += " fragment F" + std::to_string(k) + " on Query{" + repeated("...F" + std::to_string(k - 1) + " ", 100) + "}";
    d.push_back({"fragment bomb 5x100", bomb, too_many_selections});
    d.push_back({"overlap tree 8 levels", overlap_tree(8, false), ""});
    d.push_back({"overlap tree 8 levels, conflicting", overlap_tree(8, true), "conflict"});
    d.push_back({"999 same-key fields", same_key_fields(999), overlap_budget});
    d.push_back({"overlap tree 8 levels inline, conflicting", overlap_tree_inline(8), overlap_budget});
    d.push_back({"900 fragments side by side", many_fragments(900), overlap_budget});
    d.push_back({"2 fields of 499 crossed children", crossed_children(499), overlap_budget});
    d.push_back({"450 aliases of history", "{" + [] {
      std::string a;
      for (int i = 0; i < 450; ++i) a += " h" + std::to_string(i) + ": history(lastSeconds: 3600) { at metrics { activeSessions } }";
      return a;
    }() + " }", ""});
    return d;
  }();
  return docs;
}

// Whether prepare refused `query`, and why (its last error message; empty when it ran).
std::string refusal(const std::string& query) {
  auto p = the_fixture().uncached->prepare(query);
  return p.ok() ? std::string() : std::string(p.error().back().at("message").as_string());
}

bool check_hostile() {
  bool ok = true;
  for (const auto& h : hostile_documents()) {
    const auto why = refusal(h.query);
    const bool as_expected = h.refused_by.empty() ? why.empty() : why.find(h.refused_by) != std::string::npos;
    if (!as_expected) {
      bench::check_failed("hostile document \"" + h.name + "\": expected " +
                          (h.refused_by.empty() ? "it to run" : "a refusal naming \"" + h.refused_by + "\"") +
                          ", got " + (why.empty() ? "it ran" : "\"" + why + "\""));
      ok = false;
    }
  }
  return ok;
}

void BM_hostile(benchmark::State& state) {
  const auto& h = hostile_documents().at(static_cast<std::size_t>(state.range(0)));
  const auto& query = h.query;
  auto& f = the_fixture();
  bool refused = false;
  std::size_t bytes = 0;
  std::string why;
  for (auto _ : state) {
    auto p = f.uncached->prepare(query);
    refused = !p.ok();
    if (!refused) bytes = json::serialize(f.uncached->execute(*p.value(), std::nullopt, f.no_variables, f.root).body).size();
    else bytes = json::serialize(p.error()).size();
    if (refused) why = std::string(p.error().back().at("message").as_string()).substr(0, 60);
  }
  state.SetLabel(h.name + (refused ? ": refused, " : ": ran, ") + std::to_string(query.size()) + " B in, " + std::to_string(bytes) + " B out " + why);
}

BENCHMARK(BM_hostile)->DenseRange(0, 7)->Unit(benchmark::kMillisecond)->Iterations(1);

BENCHMARK(BM_uncached)->Arg(0)->Arg(1);
BENCHMARK(BM_cached)->Arg(0)->Arg(1);
BENCHMARK(BM_execute_only)->Arg(0)->Arg(1);

}  // namespace

int main(int argc, char** argv) {
  bench::take_common_flags(argc, argv);
  if (!check_all()) return bench::status();
  bench::check_reporter reporter;
  return bench::run_benchmarks(argc, argv, reporter);
}
