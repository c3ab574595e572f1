// The simulator's own endpoints: /sim/expected (ground truth), /sim/status, /sim/fault.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/counting_period.hpp"
#include "core/iso8601.hpp"
#include "sim/ground_truth.hpp"
#include "sim/routes.hpp"
#include "sim/simulator.hpp"

namespace wmpulse::sim {
namespace json = boost::json;
namespace {

bool number_param(std::string_view query, std::string_view name, double& out) {
  std::string text;
  if (!query_param(query, name, text)) return true;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return !text.empty() && end && *end == '\0';
}

answer expected(simulator& sim, const net::http_request_view& r) {
  const auto& line = sim.line();
  expected_query q;
  q.published_up_to = line.watermark();
  double at = double(line.last_published().value_or(line.watermark()));
  double window = 60;
  if (!number_param(r.query(), "at", at) || !number_param(r.query(), "window", window) || window <= 0)
    return genesys_error(400, "bad.request", "at (epoch ms) and window (seconds, > 0) must be numbers");
  q.at = static_cast<millis>(at);
  q.window_ms = static_cast<millis>(window * 1000);
  query_param(r.query(), "queueId", q.queue_id);
  if (std::string offset; query_param(r.query(), "utcOffset", offset)) {
    q.counting_utc_offset_minutes = core::parse_utc_offset(offset);
    if (!q.counting_utc_offset_minutes) return genesys_error(400, "bad.request", "utcOffset must be UTC, +HH:MM or -HH:MM");
  }
  auto body = to_json(compute_expected(line.work().conversations(), q));
  body["at"] = q.at;
  body["atIso"] = core::format_iso8601_ms(q.at);
  body["windowSeconds"] = window;
  body["publishedUpTo"] = q.published_up_to;
  if (!q.queue_id.empty()) body["queueId"] = q.queue_id;
  return json_answer(200, body);
}

json::object counters_json(const simulator::counters& c) {
  return json::object{{"snapshots", c.snapshots},   {"framesSent", c.frames_sent}, {"tutorialSent", c.tutorial_sent},
                      {"lostInGap", c.lost_in_gap}, {"duplicated", c.duplicated},  {"reordered", c.reordered},
                      {"garbage", c.garbage},       {"heartbeats", c.heartbeats},  {"requests", c.requests},
                      {"throttled", c.throttled},   {"detailsRefused", c.details_refused},
                      {"messageConversations", c.message_conversations}};
}

answer status(simulator& sim) {
  const auto& line = sim.line();
  json::array queues;
  for (const auto& q : line.work().queues()) queues.push_back(json::object{{"id", q.id}, {"name", q.name}});
  std::size_t web = 0;
  for (const auto& c : line.work().conversations()) web += c.web() ? 1 : 0;
  json::object body{{"simNow", sim.sim_now()},
                    {"start", line.work().config().start_ms},
                    {"publishedUpTo", line.watermark()},
                    {"finished", line.finished()},
                    {"paused", sim.paused()},
                    {"conversations", line.work().conversations().size()},
                    {"webConversations", web},
                    {"channels", sim.channels().all().size()},
                    {"channelSockets", sim.channel_sockets()},
                    {"tutorialSubscribers", sim.tutorial_subscribers()},
                    {"queues", std::move(queues)},
                    {"counters", counters_json(sim.stats())}};
  if (line.last_published()) body["lastPublished"] = *line.last_published();
  if (const auto end = line.work().end_ms()) body["end"] = *end;
  return json_answer(200, body);
}

answer fault(simulator& sim, const net::http_request_view& r) {
  if (r.method != "POST") return genesys_error(405, "method.not.allowed", "Use POST /sim/fault?type=…");
  fault_command f;
  query_param(r.query(), "type", f.type);
  for (const char* key : {"channelId", "count", "ms", "retryAfter", "seconds", "rate", "horizon", "delayMs", "status", "new"}) {
    std::string v;
    if (query_param(r.query(), key, v)) f.params[key] = v;
  }
  std::string error;
  if (!known_fault_type(f.type)) return genesys_error(400, "bad.request", "unknown fault type: " + f.type);
  if (!sim.apply_fault(f, error)) return genesys_error(404, "not.found", error);
  return json_answer(200, json::object{{"applied", f.type}});
}

}  // namespace

answer route_sim(simulator& sim, const net::http_request_view& r) {
  if (r.path() == "/sim/expected") return expected(sim, r);
  if (r.path() == "/sim/status") return status(sim);
  if (r.path() == "/sim/fault") return fault(sim, r);
  if (r.path() == "/sim/resume") {
    if (r.method != "POST") return genesys_error(405, "method.not.allowed", "Use POST /sim/resume");
    sim.resume();
    return json_answer(200, json::object{{"resumed", true}});
  }
  return genesys_error(404, "not.found", "The requested resource was not found.");
}

}  // namespace wmpulse::sim
