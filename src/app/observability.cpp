#include "app/observability.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "app/build_info.hpp"
#include "core/json_writer.hpp"
#include "core/process_stats.hpp"
#include "metrics/prometheus.hpp"

namespace wmpulse::app {
namespace {

// Probes and scrapes must see the state now, never a cached copy.
void no_store(server::http_answer& a) { a.headers.emplace_back("Cache-Control", "no-store"); }

}  // namespace

server::http_answer livez_answer() {
  server::http_answer a{200, "text/plain; charset=utf-8", "ok\n", {}};
  no_store(a);
  return a;
}

server::http_answer readyz_answer(const events::source_status& status) {
  const auto r = events::readiness_of(status);
  boost::json::array reasons;
  for (const auto& why : r.reasons) reasons.emplace_back(why);
  server::http_answer a{r.ready ? 200u : 503u, "application/json",
                        core::write_json(boost::json::object{{"ready", r.ready}, {"reasons", std::move(reasons)}}) + "\n",
                        {}};
  no_store(a);
  return a;
}

server::http_answer metrics_answer(const metrics::metrics_snapshot& snapshot, const events::source_status& status) {
  const metrics::exporter_facts facts{WMPULSE_VERSION, WMPULSE_BUILD, __VERSION__, core::read_process_stats()};
  server::http_answer a;
  a.content_type = std::string(metrics::prometheus_content_type);
  a.body = metrics::render_prometheus(snapshot, status, facts);
  return a;
}

}  // namespace wmpulse::app
