#include "app/service.hpp"

#include <any>
#include <atomic>
#include <filesystem>
#include <thread>

#include "api/api.hpp"
#include "app/ingest.hpp"
#include "app/source_factory.hpp"
#include "core/log.hpp"
#include "metrics/prometheus.hpp"
#include "net/run_guarded.hpp"
#include "server/graphql_http.hpp"
#include "server/graphql_service_backend.hpp"
#include "server/http_server.hpp"
#include "server/static_files.hpp"

namespace wmpulse::app {

using namespace wmpulse::net;

namespace {

metrics::aggregator_config aggregator_config_of(const config& c) {
  metrics::aggregator_config a;
  // Genesys: totalConnections counts from local midnight, so a restart's backfill recounts it.
  if (const auto g = genesys_config_of(c)) {
    a.period = metrics::counting_period::daily;
    a.period_utc_offset_minutes = g->counting_utc_offset_minutes;
    a.contact_figures = true;  // queues and agents: the queue figures (docs/METRICS.md)
  }
  a.window_ms = c.window_ms;
  a.clock = c.effective_clock();
  a.idle_timeout_ms = c.idle_timeout_ms;
  a.max_open_sessions = static_cast<std::size_t>(c.max_sessions);
  a.short_abandon_ms = c.short_abandon_ms;
  a.service_level_target_ms = c.service_level_target_ms;
  return a;
}

api::limits graphql_limits_of(const config& c) {
  api::limits l;
  l.max_query_bytes = c.graphql_max_query_bytes;
  l.max_tokens = c.graphql_max_tokens;
  l.max_depth = c.graphql_max_depth;
  l.max_fields = c.graphql_max_fields;
  l.max_aliases = c.graphql_max_aliases;
  l.max_expanded_selections = c.graphql_max_expanded_selections;
  l.max_response_bytes = c.graphql_max_response_bytes;
  return l;
}

server::server_options server_options_of(const config& c) {
  server::server_options o;
  o.address = c.bind_address;
  o.port = c.port;
  o.threads = static_cast<unsigned>(c.http_threads);
  o.body_limit = c.max_body_bytes;
  o.publish_interval_ms = static_cast<core::millis>(1000.0 / c.subscription_max_rate);
  o.browser = server::browser_policy{c.allowed_origins, c.allowed_hosts};
  o.max_connections = c.max_connections;
  o.max_connections_per_client = c.max_connections_per_client;
  o.ws_max_distinct_subscriptions = c.ws_max_distinct_subscriptions;
  o.max_subscription_keys = c.max_subscription_keys;
  return o;
}

// The assets sit beside the binary (build/web) unless --web-root says otherwise.
std::filesystem::path web_root_of(const config& c) {
  if (!c.web_root.empty()) return c.web_root;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path("web") : exe.parent_path() / "web";
}

}  // namespace

struct service::impl {
  explicit impl(config c)
      : cfg(std::move(c)), clock(core::system_clock::instance()), aggregator(aggregator_config_of(cfg), clock),
        history(std::make_shared<metrics::history>(cfg.history_seconds)),
        server(server_options_of(cfg), clock),
        pipeline(ingest_ioc, clock, aggregator, *history, [this] { publish_root(); },
                 server_options_of(cfg).publish_interval_ms),
        tick_timer(ingest_ioc), graphql(api::make_service(graphql_limits_of(cfg))),
        thresholds(std::make_shared<const metrics::thresholds>(cfg.thresholds)) {
    aggregator.set_service_level_targets(thresholds->targets_by_id({}));
    source = make_source(cfg, ingest_ioc, clock, pipeline);
    pipeline.set_source(*source);
    wire_routes();
  }

  // On the ingest thread, after each publication: one root for it, which every subscription
  // of the tick runs against and /graphql reads until the next.
  void publish_root() {
    auto status = pipeline.status();
    follow_queue_names(status);
    auto state = std::make_shared<const api::root_state>(pipeline.snapshots().load(), std::move(status), history, thresholds);
    auto root = std::make_shared<const std::any>(api::graphql_root(std::move(state)));
    latest_root.store(root);
    server.notify(std::move(root));
  }

  // Service level targets keyed by queue name apply once the source's queue list names them;
  // a new list re-resolves them (the aggregator judges later answers by the new targets).
  void follow_queue_names(const std::shared_ptr<const events::source_status>& status) {
    if (!status || status->queue_labels == queue_labels || thresholds->queues.empty()) return;
    queue_labels = status->queue_labels;
    aggregator.set_service_level_targets(thresholds->targets_by_id(queue_labels));
  }

  void wire_routes() {
    auto latest = [this]() -> std::any {
      pipeline.want_fresh();
      return server::root_value(latest_root.load());
    };
    graphql_http = std::make_shared<server::graphql_http_handler>(
        *graphql, latest, server::graphql_http_handler::options{cfg.max_body_bytes});
    const auto web = web_root_of(cfg);
    // Lanes: cached files and /healthz on the I/O thread; GraphQL by size; /metrics heavy.
    using server::route_lane;
    server.routes().add("/graphql", {"GET"}, server::static_file(web / "graphiql" / "index.html"),
                        server::graphql_http_handler::wants_html, server::always(route_lane::io));
    server.routes().add(
        "/graphql", {"GET", "POST"}, [h = graphql_http](const server::http_request_view& r) { return h->handle(r); },
        {}, [](const server::http_request_view& r) { return server::graphql_http_handler::lane_of(r); });
    server.routes().add(
        "/metrics", {"GET"},
        [this](const server::http_request_view&) {
          pipeline.want_fresh();
          server::http_answer a;
          a.content_type = "text/plain; version=0.0.4; charset=utf-8";
          a.body = metrics::render_prometheus(*pipeline.snapshots().load(), *pipeline.status());
          return a;
        },
        {}, server::always(route_lane::heavy));
    server.routes().add(
        "/healthz", {"GET"},
        [](const server::http_request_view&) { return server::http_answer{200, "text/plain; charset=utf-8", "ok\n", {}}; },
        {}, server::always(route_lane::io));
    server.routes().add_static("/", web / "dashboard");
    server.set_graphql_ws(std::make_shared<server::graphql_service_backend>(graphql));
  }

  void tick() {
    // Re-armed first: a publication that throws (logged by run_guarded) must not stop the ticks.
    tick_timer.expires_after(std::chrono::milliseconds(cfg.tick_ms));
    tick_timer.async_wait([this](boost::system::error_code ec) {
      if (!ec) tick();
    });
    pipeline.publish();
  }

  config cfg;
  const core::clock& clock;
  asio::io_context ingest_ioc{1};
  metrics::aggregator aggregator;
  std::shared_ptr<metrics::history> history;
  server::http_server server;
  ingest pipeline;
  asio::steady_timer tick_timer;
  std::shared_ptr<graphql::service> graphql;
  std::shared_ptr<const metrics::thresholds> thresholds;
  std::vector<events::queue_label> queue_labels;  // as the service level targets were last resolved
  std::atomic<server::published_root> latest_root;  // null before the first publication
  std::shared_ptr<server::graphql_http_handler> graphql_http;
  std::unique_ptr<events::source> source;
  std::thread ingest_thread;
  bool started = false;
};

service::service(config cfg) : impl_(std::make_unique<impl>(std::move(cfg))) {}

service::~service() { stop(); }

void service::start() {
  auto& s = *impl_;
  s.server.start();
  s.source->start();
  asio::post(s.ingest_ioc, [&s] { s.tick(); });
  s.ingest_thread = std::thread([&s] {
    auto guard = asio::make_work_guard(s.ingest_ioc);
    net::run_guarded(s.ingest_ioc, "ingest");
  });
  s.started = true;
}

void service::on_fatal(std::function<void(const std::string&)> handler) {
  impl_->source->on_fatal(std::move(handler));
}

std::uint16_t service::port() const { return impl_->server.port(); }

void service::stop() {
  auto& s = *impl_;
  if (!s.started) return;
  s.started = false;
  s.source->stop();
  s.server.stop();
  asio::post(s.ingest_ioc, [&s] { s.tick_timer.cancel(); });
  s.ingest_ioc.stop();
  if (s.ingest_thread.joinable()) s.ingest_thread.join();
}

int run_until_signal(const config& cfg) {
  core::set_log_level(cfg.log_level);
  service svc(cfg);
  asio::io_context signals_ioc;
  asio::signal_set signals(signals_ioc, SIGINT, SIGTERM);
  int exit_code = 0;
  svc.on_fatal([&](const std::string& message) {
    asio::post(signals_ioc, [&, message] {
      std::fprintf(stderr, "wmpulse: %s\n", message.c_str());
      exit_code = 1;
      signals.cancel();
    });
  });
  svc.start();
  const std::string host = cfg.bind_address == "0.0.0.0" || cfg.bind_address == "::" ? "127.0.0.1" : cfg.bind_address;
  const std::string base = "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
                           std::to_string(svc.port());
  // The first line on stdout: scripts and tests read the port from it.
  std::printf("wmpulse listening on %s (dashboard %s/ · GraphQL %s/graphql · metrics %s/metrics) source=%s\n",
              base.c_str(), base.c_str(), base.c_str(), base.c_str(), std::string(to_string(cfg.source)).c_str());
  std::fflush(stdout);
  signals.async_wait([](boost::system::error_code ec, int sig) {
    if (!ec) core::log_info("app", std::string("stopping on ") + (sig == SIGINT ? "SIGINT" : "SIGTERM"));
  });
  signals_ioc.run();
  svc.stop();
  return exit_code;
}

}  // namespace wmpulse::app
