#include "sim/details_query.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <boost/json/parse.hpp>

#include "core/iso8601.hpp"

namespace wmpulse::sim {
namespace json = boost::json;
namespace {

std::string iso(millis t) { return core::format_iso8601_ms(t); }

struct bad_request {
  std::string message;
};

// The dimension values of one segment in its context; absent dimensions are missing keys.
using dims = std::map<std::string, std::string, std::less<>>;

const std::map<std::string, bool, std::less<>> known_dimensions = {
    {"conversationEnd", true}, {"conversationStart", true}, {"conversationId", true},
    {"originatingDirection", true}, {"divisionId", true}, {"mediaType", false},
    {"messageType", false}, {"queueId", false}, {"purpose", false}, {"direction", false},
    {"userId", false}, {"segmentType", false}, {"disconnectType", false}, {"segmentEnd", false},
    {"participantId", false}, {"sessionId", false}};

bool eval_predicate(const json::object& p, const dims& d) {
  const auto* dim = p.if_contains("dimension");
  if (!dim || !dim->is_string()) throw bad_request{"predicate needs a dimension"};
  const std::string name(dim->as_string());
  if (!known_dimensions.count(name)) throw bad_request{"unsupported dimension: " + name};
  std::string op = "matches";
  if (const auto* o = p.if_contains("operator"); o && o->is_string()) op = std::string(o->as_string());
  const auto it = d.find(name);
  if (op == "exists") return it != d.end();
  if (op == "notExists") return it == d.end();
  if (op != "matches") throw bad_request{"unsupported operator: " + op};
  const auto* v = p.if_contains("value");
  if (!v || !v->is_string()) throw bad_request{"predicate on " + name + " needs a value"};
  return it != d.end() && it->second == v->as_string();
}

bool eval_filter(const json::value& f, const dims& d) {
  if (!f.is_object()) throw bad_request{"filter must be an object"};
  const auto& o = f.as_object();
  std::string type = "and";
  if (const auto* t = o.if_contains("type"); t && t->is_string()) type = std::string(t->as_string());
  if (type != "and" && type != "or") throw bad_request{"filter type must be and|or"};
  std::vector<bool> results;
  if (const auto* ps = o.if_contains("predicates"); ps && ps->is_array())
    for (const auto& p : ps->as_array()) {
      if (!p.is_object()) throw bad_request{"predicate must be an object"};
      results.push_back(eval_predicate(p.as_object(), d));
    }
  if (const auto* cs = o.if_contains("clauses"); cs && cs->is_array())
    for (const auto& c : cs->as_array()) results.push_back(eval_filter(c, d));
  if (type == "and") return std::all_of(results.begin(), results.end(), [](bool b) { return b; });
  return std::any_of(results.begin(), results.end(), [](bool b) { return b; });
}

struct segment_view {
  millis start;
  std::optional<millis> end;
  std::string type;
  std::string disconnect_type;
};

std::vector<segment_view> segments_of(const sim_participant& p, millis now) {
  auto ended = [&](std::optional<millis> e) { return e && *e <= now ? e : std::nullopt; };
  std::vector<segment_view> out;
  const auto end = ended(p.end);
  const std::string dt = end ? p.disconnect_type : "";
  if (p.purpose == "agent") {
    if (p.connected > now || (end && *end <= p.connected)) {
      out.push_back({p.start, end, "alert", dt});
      return out;
    }
    out.push_back({p.start, p.connected, "alert", ""});
    out.push_back({p.connected, end, "interact", dt});
    return out;
  }
  out.push_back({p.purpose == "customer" ? p.connected : p.start, end, "interact", dt});
  return out;
}

dims conversation_dims(const sim_conversation& c, millis now) {
  dims d{{"conversationId", c.id}, {"conversationStart", iso(c.customer().start)}, {"originatingDirection", "inbound"},
         {"divisionId", "00000000-0000-4000-8000-00000000d1v1"}};
  if (c.end && *c.end <= now) d["conversationEnd"] = iso(*c.end);
  return d;
}

dims segment_dims(const sim_conversation& c, const sim_participant& p, const segment_view& s) {
  dims d{{"mediaType", "message"}, {"messageType", c.messaging_type}, {"purpose", p.purpose},
         {"direction", "inbound"}, {"segmentType", s.type}, {"participantId", p.id}, {"sessionId", p.id}};
  if (!p.queue_id.empty()) d["queueId"] = p.queue_id;
  if (p.user) d["userId"] = p.user->id;
  if (s.end) d["segmentEnd"] = iso(*s.end);
  if (!s.disconnect_type.empty()) d["disconnectType"] = s.disconnect_type;
  return d;
}

bool matches_segment_filters(const sim_conversation& c, const json::array& filters, millis now) {
  if (filters.empty()) return true;
  for (const auto& p : c.participants) {
    if (p.start > now) continue;
    for (const auto& s : segments_of(p, now)) {
      const auto d = segment_dims(c, p, s);
      if (std::all_of(filters.begin(), filters.end(), [&](const json::value& f) { return eval_filter(f, d); }))
        return true;
    }
  }
  return false;
}

json::object render_segment(const sim_participant& p, const segment_view& s) {
  json::object o{{"segmentStart", iso(s.start)}, {"segmentType", s.type}};
  if (s.end) o["segmentEnd"] = iso(*s.end);
  if (!p.queue_id.empty()) o["queueId"] = p.queue_id;
  if (!s.disconnect_type.empty()) o["disconnectType"] = s.disconnect_type;
  return o;
}

json::object metric(std::string_view name, std::int64_t value, millis emitted) {
  return json::object{{"name", name}, {"value", value}, {"emitDate", iso(emitted)}};
}

// Session metrics as analytics emits them, each once its moment has passed (the names are
// Genesys' analytics metrics, facts §7.1; which session carries which is inferred).
json::array session_metrics(const sim_conversation& c, const sim_participant& p, millis now) {
  json::array out;
  const bool ended = c.end && *c.end <= now;
  if (p.purpose == "customer") {
    if (p.connected <= now) out.push_back(metric("nConnected", 1, p.connected));
    if (ended) {
      const auto sent = std::count_if(c.messages.begin(), c.messages.end(), [&](const sim_message& m) { return m.time <= now; });
      out.push_back(metric("oMessageCount", std::int64_t(sent), *c.end));
    }
  } else if (p.purpose == "acd") {
    out.push_back(metric("nOffered", 1, p.start));
    if (p.end && *p.end <= now) out.push_back(metric("tAcd", *p.end - p.start, *p.end));
  } else if (p.purpose == "agent" && p.connected <= now) {
    out.push_back(metric("tAlert", p.connected - p.start, p.connected));
  }
  return out;
}

json::object render_conversation(const sim_conversation& c, millis now) {
  json::array participants;
  for (const auto& p : c.participants) {
    if (p.start > now) continue;
    json::array segments;
    for (const auto& s : segments_of(p, now)) segments.push_back(render_segment(p, s));
    json::object session{{"sessionId", p.id}, {"mediaType", "message"}, {"messageType", c.messaging_type},
                         {"direction", "inbound"}, {"segments", std::move(segments)}};
    if (auto m = session_metrics(c, p, now); !m.empty()) session["metrics"] = std::move(m);
    json::object part{{"participantId", p.id}, {"purpose", p.purpose}, {"sessions", json::array{std::move(session)}}};
    if (p.user) {
      part["userId"] = p.user->id;
      part["participantName"] = p.user->name;
    }
    participants.push_back(std::move(part));
  }
  json::object o{{"conversationId", c.id}, {"conversationStart", iso(c.customer().start)},
                 {"originatingDirection", "inbound"},
                 {"divisionIds", json::array{"00000000-0000-4000-8000-00000000d1v1"}},
                 {"participants", std::move(participants)}};
  if (c.end && *c.end <= now) o["conversationEnd"] = iso(*c.end);
  return o;
}

std::pair<millis, millis> parse_interval(const json::object& q) {
  const auto* v = q.if_contains("interval");
  if (!v || !v->is_string()) throw bad_request{"interval is required"};
  const std::string_view s = v->as_string();
  const auto slash = s.find('/');
  if (slash == std::string_view::npos) throw bad_request{"interval must be start/end"};
  const auto a = core::parse_iso8601_ms(s.substr(0, slash));
  const auto b = core::parse_iso8601_ms(s.substr(slash + 1));
  if (!a || !b || *b <= *a) throw bad_request{"interval must be two ISO-8601 instants, start before end"};
  return {*a, *b};
}

int int_field(const json::object& o, std::string_view name, int fallback) {
  const auto* v = o.if_contains(name);
  if (!v) return fallback;
  if (!v->is_int64()) throw bad_request{std::string(name) + " must be an integer"};
  return int(v->as_int64());
}

json::array array_field(const json::object& q, std::string_view name) {
  const auto* v = q.if_contains(name);
  if (!v) return {};
  if (!v->is_array()) throw bad_request{std::string(name) + " must be an array"};
  return v->as_array();
}

std::string string_field(const json::object& q, std::string_view name, std::string fallback) {
  const auto* v = q.if_contains(name);
  if (!v) return fallback;
  if (!v->is_string()) throw bad_request{std::string(name) + " must be a string"};
  return std::string(v->as_string());
}

answer run(const std::deque<sim_conversation>& conversations, millis now, const json::object& q, millis max_interval_ms) {
  const auto [from, to] = parse_interval(q);
  if (max_interval_ms > 0 && to - from > max_interval_ms)
    throw bad_request{"The interval is longer than the maximum of " + std::to_string(max_interval_ms / 1000) + " seconds"};
  json::object paging;
  if (const auto* p = q.if_contains("paging"); p && p->is_object()) paging = p->as_object();
  const int page_size = int_field(paging, "pageSize", details_default_page_size);
  const int page_number = int_field(paging, "pageNumber", 1);
  if (page_size < 1 || page_size > details_max_page_size) throw bad_request{"paging.pageSize must be 1..100"};
  if (page_number < 1) throw bad_request{"paging.pageNumber must be >= 1"};
  const auto order = string_field(q, "order", "asc");
  const auto order_by = string_field(q, "orderBy", "conversationStart");
  if (order != "asc" && order != "desc" && order != "unordered") throw bad_request{"order must be asc|desc|unordered"};
  if (order_by != "conversationStart" && order_by != "conversationEnd")
    throw bad_request{"orderBy must be conversationStart|conversationEnd"};
  const auto conv_filters = array_field(q, "conversationFilters");
  const auto seg_filters = array_field(q, "segmentFilters");

  std::vector<const sim_conversation*> hits;
  for (const auto& c : conversations) {
    const millis start = c.customer().start;
    if (start > now || start < from || start >= to) continue;
    const auto d = conversation_dims(c, now);
    if (!std::all_of(conv_filters.begin(), conv_filters.end(), [&](const json::value& f) { return eval_filter(f, d); }))
      continue;
    if (!matches_segment_filters(c, seg_filters, now)) continue;
    hits.push_back(&c);
  }
  auto key = [&](const sim_conversation* c) {
    if (order_by == "conversationEnd") return c->end && *c->end <= now ? *c->end : std::numeric_limits<millis>::max();
    return c->customer().start;
  };
  std::stable_sort(hits.begin(), hits.end(), [&](auto* a, auto* b) {
    return order == "desc" ? key(a) > key(b) : key(a) < key(b);
  });
  json::object out{{"totalHits", hits.size()}};
  json::array page;
  const std::size_t first = std::size_t(page_number - 1) * std::size_t(page_size);
  for (std::size_t i = first; i < hits.size() && i < first + std::size_t(page_size); ++i)
    page.push_back(render_conversation(*hits[i], now));
  if (!page.empty()) out["conversations"] = std::move(page);
  return json_answer(200, out);
}

}  // namespace

answer details_query(const std::deque<sim_conversation>& conversations, millis now, std::string_view body,
                     millis max_interval_ms) {
  boost::system::error_code ec;
  const auto v = json::parse(body, ec);
  if (ec || !v.is_object()) return genesys_error(400, "bad.request", "The request body is not a JSON object");
  try {
    return run(conversations, now, v.as_object(), max_interval_ms);
  } catch (const bad_request& e) {
    return genesys_error(400, "bad.request", e.message);
  }
}

answer details_by_ids(const std::deque<sim_conversation>& conversations, millis now, const std::vector<std::string>& ids) {
  std::set<std::string, std::less<>> wanted;
  for (const auto& param : ids)  // repeated (?id=a&id=b, as the SDKs send) or comma-separated
    for (std::string_view rest = param; !rest.empty();) {
      const auto comma = rest.find(',');
      if (auto id = rest.substr(0, comma); !id.empty()) wanted.emplace(id);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  if (wanted.empty()) return genesys_error(400, "bad.request", "id is required");
  if (wanted.size() > details_max_ids)
    return genesys_error(400, "bad.request", "At most " + std::to_string(details_max_ids) + " conversation ids");
  json::array found;
  for (const auto& c : conversations)
    if (c.customer().start <= now && wanted.contains(c.id)) found.push_back(render_conversation(c, now));
  return json_answer(200, json::object{{"conversations", std::move(found)}});
}

}  // namespace wmpulse::sim
