// /api/v2/notifications/channels and …/{id}/subscriptions (§4.1).
#include <boost/json/parse.hpp>

#include "core/iso8601.hpp"
#include "sim/routes.hpp"
#include "sim/simulator.hpp"
#include "sim/snapshot.hpp"

namespace wmpulse::sim {
namespace json = boost::json;
namespace {

constexpr std::string_view channels_path = "/api/v2/notifications/channels";
constexpr std::size_t max_topic_length = 200;

json::object render_channel(const simulator& sim, const channel& c) {
  return json::object{{"id", c.id},
                      {"connectUri", sim.stream_base() + "/channels/" + c.id},
                      {"expires", core::format_iso8601_ms(c.expires)}};
}

topic_verdict judge_topic(const simulator& sim, const std::string& topic) {
  if (topic.size() >= max_topic_length) return {false, "topic id too long"};
  for (const auto& q : sim.line().work().queues())
    if (topic == queue_topic(q.id)) return {true, {}};
  return {false, "Topic not permitted or unknown: only v2.routing.queues.{queueId}.conversations.messages is simulated"};
}

bool parse_topics(std::string_view body, std::vector<std::string>& out) {
  boost::system::error_code ec;
  const auto v = json::parse(body, ec);
  if (ec || !v.is_array()) return false;
  for (const auto& t : v.as_array()) {
    const auto* id = t.is_object() ? t.as_object().if_contains("id") : nullptr;
    if (!id || !id->is_string()) return false;
    out.emplace_back(id->as_string());
  }
  return true;
}

answer subscriptions(simulator& sim, const net::http_request_view& r, const std::string& channel_id) {
  auto& channels = sim.channels();
  channel* c = channels.find(channel_id);
  if (!c) return genesys_error(404, "not.found", "Channel not found: " + channel_id);
  if (r.method == "GET") {
    json::array entities;
    for (const auto& t : c->topics) entities.push_back(json::object{{"id", t}});
    return json_answer(200, json::object{{"entities", std::move(entities)}});
  }
  if (r.method == "DELETE") {
    channels.clear_topics(channel_id);
    return empty_answer(204);
  }
  if (r.method != "PUT" && r.method != "POST") return genesys_error(405, "method.not.allowed", "Method not allowed");
  std::vector<std::string> topics;
  if (!parse_topics(r.body, topics)) return genesys_error(400, "bad.request", "Body must be an array of {\"id\": topic}");
  std::string ignore;
  const bool ignore_errors = query_param(r.query(), "ignoreErrors", ignore) && ignore == "true";
  auto outcome = channels.subscribe(channel_id, topics, r.method == "PUT", ignore_errors,
                                    [&](const std::string& t) { return judge_topic(sim, t); });
  if (outcome.status == 403) return genesys_error(403, "missing.any.permissions", outcome.message);
  if (outcome.status == 400) return genesys_error(400, "bad.request", outcome.message);
  if (outcome.status != 200) return genesys_error(outcome.status, "not.found", outcome.message);
  return json_answer(200, json::object{{"entities", std::move(outcome.entities)}});
}

}  // namespace

answer route_notifications(simulator& sim, const net::http_request_view& r, const std::string& token) {
  const auto* info = sim.tokens().find(token);
  if (r.path() == channels_path) {
    if (r.method == "POST") return json_answer(200, render_channel(sim, sim.channels().create(info->client_id, token)));
    if (r.method != "GET") return genesys_error(405, "method.not.allowed", "Method not allowed");
    json::array entities;
    for (const auto* c : sim.channels().of_client(info->client_id)) entities.push_back(render_channel(sim, *c));
    return json_answer(200, json::object{{"entities", std::move(entities)}});
  }
  if (!r.path().starts_with(channels_path) || r.path().size() <= channels_path.size() + 1 || r.path()[channels_path.size()] != '/')
    return genesys_error(404, "not.found", "The requested resource was not found.");
  std::string_view rest = r.path().substr(channels_path.size() + 1);
  const auto slash = rest.find('/');
  const std::string id(rest.substr(0, slash));
  if (slash == std::string_view::npos) {
    if (r.method != "HEAD") return genesys_error(405, "method.not.allowed", "Method not allowed");
    const channel* c = sim.channels().find(id);
    return empty_answer(c && c->client_id == info->client_id ? 200u : 404u);
  }
  if (rest.substr(slash) != "/subscriptions") return genesys_error(404, "not.found", "The requested resource was not found.");
  const channel* c = sim.channels().find(id);
  if (!c || c->client_id != info->client_id) return genesys_error(404, "not.found", "Channel not found: " + id);
  return subscriptions(sim, r, id);
}

}  // namespace wmpulse::sim
