#include "app/service.hpp"

#include <any>
#include <atomic>
#include <filesystem>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unistd.h>

#include "api/api.hpp"
#include "app/ingest.hpp"
#include "app/journal_replay.hpp"
#include "app/leased_source.hpp"
#include "app/replay_clock.hpp"
#include "app/observability.hpp"
#include "app/source_factory.hpp"
#include "app/web_config.hpp"
#include "core/log.hpp"
#include "net/run_guarded.hpp"
#include "net/tls.hpp"
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

// The assets sit beside the binary in a build tree (build/web) and in ../share/wmpulse/web
// when installed (/usr/bin/wmpulse), unless --web-root says otherwise.
std::filesystem::path web_root_of(const config& c) {
  if (!c.web_root.empty()) return c.web_root;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "web";
  const auto installed = exe.parent_path().parent_path() / "share" / "wmpulse" / "web";
  if (!std::filesystem::exists(exe.parent_path() / "web") && std::filesystem::exists(installed, ec)) return installed;
  return exe.parent_path() / "web";
}

// What the journal keeps: the longest of the window, the history, the counting period and the
// idle timeout (a session silent longer is closed anyway). A period counted since the start
// keeps everything: totalConnections then counts since the journal began.
core::millis journal_retention_of(const config& c, const metrics::aggregator_config& a) {
  if (a.period == metrics::counting_period::since_start) return std::numeric_limits<core::millis>::max() / 4;
  constexpr core::millis day_ms = 86'400'000;
  return std::max({a.window_ms, c.history_seconds * 1000, day_ms, a.idle_timeout_ms});
}

}  // namespace

struct service::impl {
  // Under a reader polling non-stop, a snapshot and a root at most every 10 ms: at 30k
  // requests/s, 300 requests share each (and its cached answers), instead of one per burst.
  static constexpr core::millis reader_freshness_ms = 10;

  explicit impl(config c)
      : cfg(std::move(c)), clock(core::system_clock::instance()), aggregator_clock(clock),
        journal(open_journal()), aggregator(aggregator_config_of(cfg), aggregator_clock),
        history(std::make_shared<metrics::history>(cfg.history_seconds)),
        server(server_options_of(cfg), clock),
        // Bursts published at most once per subscription push interval (the leading edge at
        // once): subscribers see no more often. A reader polling /graphql or /metrics brings
        // the next burst's forward, to reader_freshness_ms after the last. The event-clock
        // history gets its seconds from the aggregator, not from publications.
        pipeline(ingest_ioc, clock, aggregator, *history, [this] { publish_root(); },
                 server_options_of(cfg).publish_interval_ms, reader_freshness_ms),
        tick_timer(ingest_ioc), graphql(api::make_service(graphql_limits_of(cfg))),
        thresholds(std::make_shared<const metrics::thresholds>(cfg.thresholds)) {
    load_access_and_tls();  // throws: a bad file stops the start
    aggregator.set_service_level_targets(thresholds->targets_by_id({}));
    if (cfg.nats_urls.empty()) source = make_source(cfg, ingest_ioc, clock, pipeline, journal_takeover());
    else join_cluster();
    pipeline.set_source(*source);
    if (journal) {
      pipeline.set_log(*journal);
      pipeline.set_caught_up(false);
    }
    if (stream) {
      pipeline.set_log(*stream);
      pipeline.set_caught_up(false);
    }
    if (follows_invented_figures(cfg)) pipeline.mark_synthetic();
    wire_routes();
  }

  // --data-dir: the journal opens before the aggregator, whose clock starts where the journal
  // began (so a replayed "since start" period starts where it first did).
  std::unique_ptr<journal::journal> open_journal() {
    if (cfg.data_dir.empty()) return nullptr;
    journal::journal_options o;
    o.dir = cfg.data_dir;
    o.retention_ms = journal_retention_of(cfg, aggregator_config_of(cfg));
    auto j = std::make_unique<journal::journal>(
        o, [this](auto batch, core::millis) { pipeline.apply_delivered(batch); }, clock.now_ms());
    if (const auto began = j->first_record_ms()) aggregator_clock.pin(*began);
    return j;
  }

  // A restart from the journal takes over from the run before it, as a new leader does: the
  // Genesys connector fetches the messages of the conversations open since its newest event.
  std::function<std::optional<core::millis>()> journal_takeover() {
    if (!journal) return {};
    return [this] { return journal_newest_event_ms; };
  }

  // On the ingest thread, before the source's first event: the journal back into the aggregator.
  void replay() {
    journal_newest_event_ms = replay_journal(*journal, {aggregator_clock, clock, aggregator, *history, pipeline});
    pipeline.set_caught_up(true);
  }

  // --nats: the stream is the log, and the source runs while this node holds the lease.
  void join_cluster() {
    if (journal) throw std::runtime_error("--nats and --data-dir exclude each other: the stream is the cluster's journal");
    const auto name = cfg.node_name.empty() ? default_node_name() : cfg.node_name;
    cluster::nats_options no{cfg.nats_urls, cfg.nats_credentials_file, cfg.nats_ca_file, "wmpulse " + name};
    nats = std::make_unique<cluster::nats_connection>(no);
    cluster::stream_options so;
    so.name = cfg.nats_stream;
    const auto retention = journal_retention_of(cfg, aggregator_config_of(cfg));
    so.retention_ms = retention >= std::numeric_limits<core::millis>::max() / 4 ? 0 : retention;
    so.replicas = static_cast<int>(cfg.nats_replicas);
    lease = std::make_unique<cluster::lease_keeper>(*nats, cfg.nats_stream, name, cfg.lease_ttl_ms, so.replicas, clock);
    stream_replay.emplace(replay_parts{aggregator_clock, clock, aggregator, *history, pipeline},
                          clock.now_ms() - history->capacity_seconds() * 1000);
    replay_started_ms = clock.steady_ms();
    stream = std::make_unique<cluster::jetstream_log>(
        *nats, so, [this](auto batch, core::millis arrived) { stream_delivered(batch, arrived); },
        [this] { asio::post(ingest_ioc, [this] { drain_stream(); }); }, [this] { return lease->holding_now(); });
    source = std::make_unique<leased_source>(
        ingest_ioc, [this](auto newest) { return make_source(cfg, ingest_ioc, clock, pipeline, [newest] { return newest; }); },
        std::string(to_string(cfg.source)),
        *nats, *lease, *stream);
  }

  static std::string default_node_name() {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    return std::string(host) + "-" + std::to_string(::getpid());
  }

  // While the stream replays, each batch is placed at its first arrival (as the journal's are).
  void stream_delivered(std::span<const events::session_event> batch, core::millis arrived) {
    if (stream_replay) stream_replay->record(arrived, batch);
    else pipeline.apply_delivered(batch);
  }

  void drain_stream() {
    stream->drain();
    if (!stream_replay || !stream->caught_up()) return;
    stream_replay->finish();
    stream_replay.reset();
    pipeline.set_caught_up(true);
    const auto took = std::max<core::millis>(1, clock.steady_ms() - replay_started_ms);
    const auto n = pipeline_events_applied();
    core::log_info("cluster", "replayed the stream: " + std::to_string(n) + " events in " + std::to_string(took) +
                                  " ms: " + std::to_string(n * 1000 / static_cast<std::uint64_t>(took)) + " events/s");
  }

  std::uint64_t pipeline_events_applied() const { return stream->stats().received.load() - stream->stats().duplicates_dropped.load(); }

  // On the ingest thread, after each publication: one root for it, which every subscription
  // of the tick runs against and /graphql reads until the next.
  void publish_root() {
    auto status = pipeline.status();
    follow_queue_names(status);
    auto state = std::make_shared<const api::root_state>(pipeline.snapshots().load(), std::move(status), history, thresholds);
    auto root = std::make_shared<const std::any>(api::graphql_root(std::move(state)));
    {
      std::lock_guard lock(root_mutex);
      latest_root = root;
    }
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
    auto latest = [this] {
      pipeline.want_fresh();
      std::lock_guard lock(root_mutex);
      return latest_root;
    };
    graphql_http = std::make_shared<server::graphql_http_handler>(
        *graphql, latest, server::graphql_http_handler::options{cfg.max_body_bytes});
    const auto web = web_root_of(cfg);
    // Lanes: cached files and the probes on the I/O thread; GraphQL by size; /metrics heavy.
    using server::route_lane;
    server.routes().add("/graphql", {"GET"}, server::static_file(web / "graphiql" / "index.html"),
                        server::graphql_http_handler::wants_html, server::always(route_lane::io));
    server.routes().add(
        "/graphql", {"GET", "POST"}, [h = graphql_http](const server::http_request_view& r) { return h->handle(r); },
        {}, [](const server::http_request_view& r) { return server::graphql_http_handler::lane_of(r); },
        [h = graphql_http](const server::http_request_view& r) { return h->kept_answer(r); });
    server.routes().add(
        "/metrics", {"GET"},
        [this](const server::http_request_view&) {
          pipeline.want_fresh();
          return metrics_answer(*pipeline.snapshots().load(), *pipeline.status());
        },
        {}, server::always(route_lane::heavy));
    // The probes answer on the I/O thread: nothing queued on a worker lane can delay them.
    for (const char* path : {"/livez", "/healthz"})
      server.routes().add(path, {"GET"}, [](const server::http_request_view&) { return livez_answer(); }, {},
                          server::always(route_lane::io));
    server.routes().add(
        "/readyz", {"GET"}, [this](const server::http_request_view&) { return readyz_answer(*pipeline.status()); }, {},
        server::always(route_lane::io));
    server.routes().add_static("/", web / "dashboard");
    server.set_graphql_ws(std::make_shared<server::graphql_service_backend>(graphql));
    server.set_freshen([this](std::function<void()> publish) {
      asio::post(ingest_ioc, [this, publish = std::move(publish)] {
        pipeline.publish_waiting();
        publish();
      });
    });
  }

  // The web config file and the TLS pair, into the server; throws std::runtime_error naming
  // the file that does not load (the server keeps what it had).
  void load_access_and_tls() {
    std::shared_ptr<server::access_control> next_access;
    if (!cfg.web_config_file.empty()) {
      auto read = read_web_config(cfg.web_config_file);
      if (!read.ok()) throw std::runtime_error(read.error());
      next_access = std::make_shared<server::access_control>(std::move(read.value()));
    }
    std::shared_ptr<net::ssl::context> next_tls;
    if (!cfg.tls_cert.empty()) next_tls = net::load_server_tls_context(cfg.tls_cert, cfg.tls_key);
    access = next_access;
    server.set_access(std::move(next_access));
    server.set_tls(std::move(next_tls));
  }

  void tick() {
    // Re-armed first: a publication that throws (logged by run_guarded) must not stop the ticks.
    tick_timer.expires_after(std::chrono::milliseconds(cfg.tick_ms));
    tick_timer.async_wait([this](boost::system::error_code ec) {
      if (!ec) tick();
    });
    pipeline.tick_log();
    pipeline.publish();
  }

  config cfg;
  const core::clock& clock;
  replay_clock aggregator_clock;  // the real clock, but while the journal replays
  std::unique_ptr<journal::journal> journal;
  std::optional<core::millis> journal_newest_event_ms;  // set by the replay, on the ingest thread
  asio::io_context ingest_ioc{1};
  std::unique_ptr<cluster::nats_connection> nats;  // --nats: the cluster
  std::unique_ptr<cluster::lease_keeper> lease;
  std::unique_ptr<cluster::jetstream_log> stream;
  std::optional<replay_recorder> stream_replay;  // until the stream's head is reached
  core::millis replay_started_ms = 0;
  metrics::aggregator aggregator;
  std::shared_ptr<metrics::history> history;
  server::http_server server;
  ingest pipeline;
  asio::steady_timer tick_timer;
  std::shared_ptr<graphql::service> graphql;
  std::shared_ptr<const metrics::thresholds> thresholds;
  std::vector<events::queue_label> queue_labels;  // as the service level targets were last resolved
  // A mutex, not std::atomic<shared_ptr>: libstdc++ 12's releases its lock bit relaxed, which
  // ThreadSanitizer reports as a race here where -O1 inlines it past the suppression's frame.
  std::mutex root_mutex;
  server::published_root latest_root;  // null before the first publication; guarded by root_mutex
  std::shared_ptr<server::graphql_http_handler> graphql_http;
  std::shared_ptr<const server::access_control> access;  // null: open
  std::unique_ptr<events::source> source;
  std::thread ingest_thread;
  bool started = false;
};

service::service(config cfg) : impl_(std::make_unique<impl>(std::move(cfg))) {}

service::~service() { stop(); }

void service::start() {
  auto& s = *impl_;
  s.server.start();
  if (s.journal) asio::post(s.ingest_ioc, [&s] { s.replay(); });  // runs before any of the source's work
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

bool service::reload() {
  try {
    impl_->load_access_and_tls();
    core::log_info("app", "reloaded the web config and TLS files");
    return true;
  } catch (const std::exception& e) {
    core::log_warn("app", std::string("reload refused, the previous configuration stays: ") + e.what());
    return false;
  }
}

std::string service::access_summary() const {
  const auto& a = impl_->access;
  if (!a) return "access=OPEN (no --web-config-file: anyone who reaches the port reads everything)";
  return "access=restricted (" + std::to_string(a->config().users.size()) + " users, " +
         std::to_string(a->config().tokens.size()) + " tokens; /livez /readyz /healthz open)";
}

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
  asio::signal_set hangups(signals_ioc, SIGHUP);
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
  const std::string base = std::string(cfg.tls_cert.empty() ? "http://" : "https://") +
                           (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
                           std::to_string(svc.port());
  // The first line on stdout: scripts and tests read the port from it.
  std::printf("wmpulse listening on %s (dashboard %s/ · GraphQL %s/graphql · metrics %s/metrics) source=%s%s %s\n",
              base.c_str(), base.c_str(), base.c_str(), base.c_str(), std::string(to_string(cfg.source)).c_str(),
              follows_invented_figures(cfg) ? " (SYNTHETIC figures)" : "", svc.access_summary().c_str());
  std::fflush(stdout);
  signals.async_wait([&hangups](boost::system::error_code ec, int sig) {
    hangups.cancel();
    if (!ec) core::log_info("app", std::string("stopping on ") + (sig == SIGINT ? "SIGINT" : "SIGTERM"));
  });
  std::function<void()> await_hangup = [&] {
    hangups.async_wait([&](boost::system::error_code ec, int) {
      if (ec) return;
      svc.reload();
      await_hangup();
    });
  };
  await_hangup();
  signals_ioc.run();
  svc.stop();
  return exit_code;
}

}  // namespace wmpulse::app
