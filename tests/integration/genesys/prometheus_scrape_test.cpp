// A real Prometheus (Debian's `prometheus`, on loopback, scraping every second) scrapes
// build/wmpulse --source genesys following a finished, seeded simulator workload: its PromQL
// answers equal what GraphQL reports, `promtool check metrics` passes on the scrape, and every
// series the shipped rules and Grafana dashboard use is in the scrape.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include <boost/json.hpp>

#include "support/child_process.hpp"
#include "support/http_client.hpp"

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using wmpulse::testing::child_process;
using wmpulse::testing::graphql_query;
using wmpulse::testing::http_request;
using wmpulse::testing::listening_port;
using wmpulse::testing::unused_loopback_port;
using clock_type = std::chrono::steady_clock;

const std::map<std::string, std::string> credentials{{"GENESYS_CLOUD_CLIENT_ID", "wmpulse-sim-client"},
                                                     {"GENESYS_CLOUD_CLIENT_SECRET", "wmpulse-sim-secret"}};

// The counting period's zone, chosen so that its local time is near noon: the workload never
// straddles the period's midnight, so totalConnections counts all of it, as the counter does.
std::string noon_utc_offset() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  const int hours = std::clamp(12 - utc.tm_hour, -12, 14);
  char out[8];
  std::snprintf(out, sizeof out, "%c%02d:00", hours < 0 ? '-' : '+', std::abs(hours));
  return out;
}

std::string url_encode(std::string_view s) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '~') out += char(c);
    else out += {'%', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

json::object parse_object(const std::string& body) {
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  return !ec && v.is_object() ? v.as_object() : json::object{};
}

// The metric names of a text exposition (sample lines only).
std::set<std::string> series_names(const std::string& exposition) {
  std::set<std::string> names;
  std::istringstream in(exposition);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') names.insert(line.substr(0, line.find_first_of("{ ")));
  return names;
}

// The wmpulse_/process_ names a rules or dashboard file mentions.
std::set<std::string> names_used_in(const fs::path& file) {
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::set<std::string> names;
  const auto is_name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':'; };
  for (std::size_t i = 0; i < text.size();) {
    if (!is_name_char(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_name_char(text[end])) ++end;
    const std::string token = text.substr(i, end - i);
    if (token.starts_with("wmpulse_") || token.starts_with("process_")) names.insert(token);
    i = end;
  }
  return names;
}

struct prometheus_server {
  // Starts Prometheus scraping 127.0.0.1:`target` every second; retries on another port when
  // the chosen one was taken meanwhile. `port` stays 0 when it never became ready.
  explicit prometheus_server(unsigned short target) : dir(fs::temp_directory_path() / ("wmpulse-prom-" + std::to_string(::getpid()))) {
    fs::create_directories(dir / "data");
    std::ofstream(dir / "prometheus.yml") << "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
                                             "scrape_configs:\n  - job_name: wmpulse\n    static_configs:\n"
                                             "      - targets: ['127.0.0.1:"
                                          << target << "']\n";
    for (int attempt = 0; attempt < 3 && port == 0; ++attempt) start(unused_loopback_port());
  }
  ~prometheus_server() {
    proc.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  void start(unsigned short candidate) {
    proc = std::make_unique<child_process>(
        WMPULSE_PROMETHEUS_BINARY,
        std::vector<std::string>{"--config.file=" + (dir / "prometheus.yml").string(), "--storage.tsdb.path=" + (dir / "data").string(),
                                 "--web.listen-address=127.0.0.1:" + std::to_string(candidate), "--log.level=warn"});
    const auto until = clock_type::now() + 20s;
    while (proc->running() && clock_type::now() < until) {
      if (http_request(candidate, "GET", "/-/ready", {}, {}, "text/plain").status == 200) {
        port = candidate;
        return;
      }
      std::this_thread::sleep_for(100ms);
    }
    proc.reset();
  }

  // The instant vector of a PromQL query (empty when the query failed).
  json::array query(const std::string& promql) const {
    const auto answer = parse_object(http_request(port, "GET", "/api/v1/query?query=" + url_encode(promql)).body);
    const auto* data = answer.if_contains("data");
    const auto* result = data && data->is_object() ? data->as_object().if_contains("result") : nullptr;
    return result && result->is_array() ? result->as_array() : json::array{};
  }
  // The value of a query answering one sample; NaN otherwise.
  double value(const std::string& promql) const {
    const auto r = query(promql);
    if (r.size() != 1) return std::nan("");
    return std::stod(std::string(r[0].at("value").as_array()[1].as_string()));
  }

  fs::path dir;
  std::unique_ptr<child_process> proc;
  unsigned short port = 0;
};

const char* const figures_query =
    "{ realTimeMetrics { totalConnections sessionsEndedInWindow waiting offered answered abandoned } "
    "queues { queueId queueName metrics { waiting offered answered abandoned } } }";

json::object figures_of(unsigned short port) {
  auto a = graphql_query(port, figures_query);
  const auto* d = a.is_object() ? a.as_object().if_contains("data") : nullptr;
  return d && d->is_object() ? d->as_object() : json::object{};
}

double number(const json::value& v) { return v.is_null() ? std::nan("") : v.to_number<double>(); }

void expect_promql_equals_graphql(const prometheus_server& prom, const json::object& final_figures) {
  const auto& all = final_figures.at("realTimeMetrics").as_object();
  ASSERT_GT(number(all.at("totalConnections")), 0);
  // The whole workload lies in the period and in the window, so the since-start counts equal them.
  EXPECT_EQ(prom.value("wmpulse_connections_total"), number(all.at("totalConnections")));
  EXPECT_EQ(prom.value("wmpulse_session_duration_seconds_count"), number(all.at("sessionsEndedInWindow")));
  EXPECT_EQ(prom.value("sum(wmpulse_queue_waiting_sessions)"), number(all.at("waiting")));
  double waiting_somewhere = 0;
  const auto& queues = final_figures.at("queues").as_array();
  ASSERT_EQ(queues.size(), 3u);
  for (const auto& q : queues) {
    const std::string id(q.at("queueId").as_string());
    const auto& m = q.at("metrics").as_object();
    const auto selector = "{queue=\"" + id + "\"}";
    EXPECT_EQ(prom.value("wmpulse_queue_waiting_sessions" + selector), number(m.at("waiting"))) << id;
    EXPECT_EQ(prom.value("wmpulse_queue_offered_total" + selector), number(m.at("offered"))) << id;
    EXPECT_EQ(prom.value("wmpulse_queue_answered_total" + selector), number(m.at("answered"))) << id;
    EXPECT_EQ(prom.value("wmpulse_queue_abandoned_total" + selector), number(m.at("abandoned"))) << id;
    ASSERT_TRUE(q.at("queueName").is_string()) << id;
    const auto info = prom.query("wmpulse_queue_info" + selector);
    ASSERT_EQ(info.size(), 1u) << id;
    EXPECT_EQ(info[0].at("metric").at("queue_name"), q.at("queueName")) << id;
    waiting_somewhere += number(m.at("waiting"));
  }
  EXPECT_GT(waiting_somewhere, 0) << "the workload should end with contacts waiting, so the gauge is compared non-zero";
}

void expect_promtool_check_metrics_passes(unsigned short svc_port, const fs::path& dir) {
  const auto scrape = http_request(svc_port, "GET", "/metrics", {}, {}, "text/plain");
  ASSERT_EQ(scrape.status, 200u);
  const auto file = dir / "scrape.txt";
  std::ofstream(file) << scrape.body;
  const auto command = std::string(WMPULSE_PROMTOOL_BINARY) + " check metrics < " + file.string() + " 2>&1";
  FILE* p = ::popen(command.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string output;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) output += buf;
  const int status = ::pclose(p);
  EXPECT_EQ(status, 0) << output;
  EXPECT_EQ(output, "") << "promtool's lint found problems";
}

void expect_deploy_series_scraped(unsigned short svc_port) {
  const auto scraped = series_names(http_request(svc_port, "GET", "/metrics", {}, {}, "text/plain").body);
  ASSERT_TRUE(scraped.contains("wmpulse_connections_total"));
  for (const char* file : {"prometheus/wmpulse-rules.yml", "grafana/wmpulse-dashboard.json"}) {
    const auto used = names_used_in(fs::path(WMPULSE_DEPLOY_DIR) / file);
    EXPECT_FALSE(used.empty()) << file;
    for (const auto& name : used) EXPECT_TRUE(scraped.contains(name)) << file << " uses " << name << ", which the scrape lacks";
  }
}

class prometheus_scrape : public ::testing::Test {
protected:
  // One run for the suite: simulator, service, Prometheus; the figures final before any test.
  static void SetUpTestSuite() {
    sim = std::make_unique<child_process>(
        WMPULSE_SIM_BINARY, std::vector<std::string>{"--port", "0", "--seed", "21", "--queues", "3", "--rate", "60", "--speed", "30",
                                                     "--duration", "4m", "--heartbeat-ms", "1000", "--log-level", "warn"});
    sim_port = listening_port(*sim);
    if (sim_port == 0) return;
    const auto base = "http://127.0.0.1:" + std::to_string(sim_port);
    svc = std::make_unique<child_process>(
        WMPULSE_BINARY,
        std::vector<std::string>{"--source", "genesys", "--login-base", base, "--api-base", base, "--genesys-allow-insecure-upstreams",
                                 "--clock", "event", "--window", "1h", "--counting-utc-offset", noon_utc_offset(), "--bind",
                                 "127.0.0.1", "--port", "0", "--log-level", "error"},
        credentials);
    svc_port = listening_port(*svc);
    if (svc_port == 0) return;
    prom = std::make_unique<prometheus_server>(svc_port);
    final_figures = wait_for_final_figures();
    // Wall time once the figures are final: a scrape stamped later holds them.
    final_at_s = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
  static void TearDownTestSuite() {
    prom.reset();
    svc.reset();
    sim.reset();
  }

  // The service's figures once the simulator has finished and the service has taken in all of
  // it: equal to the simulator's ground truth for the whole workload (at its end).
  static json::object wait_for_final_figures() {
    const auto until = clock_type::now() + 40s;
    while (clock_type::now() < until) {
      const auto status = parse_object(http_request(sim_port, "GET", "/sim/status").body);
      const auto* finished = status.if_contains("finished");
      const auto* end = status.if_contains("end");
      auto got = figures_of(svc_port);
      if (finished && finished->is_bool() && finished->get_bool() && end && !got.empty() &&
          http_request(svc_port, "GET", "/readyz").status == 200) {
        const auto at = std::to_string(static_cast<long long>(number(*end)));
        const auto want = parse_object(http_request(sim_port, "GET", "/sim/expected?window=3600&at=" + at).body);
        const auto& all = got.at("realTimeMetrics").as_object();
        const auto same = [&](const char* k) { return want.contains(k) && number(all.at(k)) == number(want.at(k)); };
        if (same("totalConnections") && same("sessionsEndedInWindow") && same("waiting") && same("offered") &&
            same("answered") && same("abandoned"))
          return got;
      }
      std::this_thread::sleep_for(100ms);
    }
    return {};
  }

  // Waits (bounded) until Prometheus holds a scrape taken after the figures were final.
  static bool scraped_after_final() {
    const auto until = clock_type::now() + 15s;
    while (clock_type::now() < until) {
      if (prom->value("timestamp(wmpulse_connections_total)") > final_at_s) return true;
      std::this_thread::sleep_for(200ms);
    }
    return false;
  }

  void SetUp() override {
    ASSERT_NE(sim_port, 0) << "the simulator did not start";
    ASSERT_NE(svc_port, 0) << "the service did not start";
    ASSERT_NE(prom->port, 0) << "Prometheus did not become ready";
    ASSERT_FALSE(final_figures.empty()) << "the service's figures never reached the simulator's ground truth";
  }

  static inline std::unique_ptr<child_process> sim, svc;
  static inline std::unique_ptr<prometheus_server> prom;
  static inline unsigned short sim_port = 0, svc_port = 0;
  static inline json::object final_figures;
  static inline double final_at_s = 0;
};

// One run (each piece costs a simulator, a service and a Prometheus): the checks share it.
TEST_F(prometheus_scrape, prometheus_reads_what_graphql_reports_and_what_deploy_uses) {
  ASSERT_TRUE(scraped_after_final()) << "no scrape of the final figures";
  {
    SCOPED_TRACE("PromQL equals GraphQL");
    expect_promql_equals_graphql(*prom, final_figures);
  }
  {
    SCOPED_TRACE("promtool check metrics");
    expect_promtool_check_metrics_passes(svc_port, prom->dir);
  }
  {
    SCOPED_TRACE("series used by deploy/");
    expect_deploy_series_scraped(svc_port);
  }
}

}  // namespace
