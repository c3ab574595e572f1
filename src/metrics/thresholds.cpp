#include "metrics/thresholds.hpp"

namespace wmpulse::metrics {
namespace {

limit over(const limit& own, const limit& fallback) { return own.set() ? own : fallback; }

queue_thresholds over(const queue_thresholds& own, const queue_thresholds& d) {
  queue_thresholds t;
  t.waiting = over(own.waiting, d.waiting);
  t.longest_waiting_ms = over(own.longest_waiting_ms, d.longest_waiting_ms);
  t.service_level = over(own.service_level, d.service_level);
  t.abandon_rate = over(own.abandon_rate, d.abandon_rate);
  t.avg_first_response_ms = over(own.avg_first_response_ms, d.avg_first_response_ms);
  t.service_level_target_ms = own.service_level_target_ms ? own.service_level_target_ms : d.service_level_target_ms;
  return t;
}

std::optional<double> as_real(const std::optional<std::int64_t>& v) {
  return v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt;
}

std::string order_problem(const limit& l, std::string_view key, bool lower_is_worse) {
  if (!l.warn || !l.alert) return {};
  const bool ordered = lower_is_worse ? *l.alert <= *l.warn : *l.alert >= *l.warn;
  if (ordered) return {};
  return std::string(key) + ": alert must be " + (lower_is_worse ? "at most" : "at least") + " warn";
}

}  // namespace

std::string_view to_string(level l) {
  switch (l) {
    case level::ok: return "OK";
    case level::warn: return "WARN";
    case level::alert: return "ALERT";
  }
  return "OK";
}

std::optional<level> level_of(std::optional<double> figure, const limit& l, bool lower_is_worse) {
  if (!figure) return std::nullopt;
  const auto reached = [&](const std::optional<double>& t) {
    return t && (lower_is_worse ? *figure <= *t : *figure >= *t);
  };
  if (reached(l.alert)) return level::alert;
  if (reached(l.warn)) return level::warn;
  return level::ok;
}

metric_levels levels_of(const std::optional<contact_metrics>& m, const queue_thresholds& t) {
  if (!m) return {};
  metric_levels out;
  out.waiting = level_of(static_cast<double>(m->waiting), t.waiting, false);
  out.longest_waiting_ms = level_of(as_real(m->longest_waiting_ms), t.longest_waiting_ms, false);
  out.service_level = level_of(m->service_level, t.service_level, true);
  out.abandon_rate = level_of(m->abandon_rate, t.abandon_rate, false);
  out.avg_first_response_ms = level_of(m->avg_first_response_ms, t.avg_first_response_ms, false);
  return out;
}

std::string check_order(const queue_thresholds& t) {
  for (auto problem : {order_problem(t.waiting, "waiting", false), order_problem(t.longest_waiting_ms, "longest_waiting", false),
                       order_problem(t.service_level, "service_level", true), order_problem(t.abandon_rate, "abandon_rate", false),
                       order_problem(t.avg_first_response_ms, "first_response", false)})
    if (!problem.empty()) return problem;
  return {};
}

queue_thresholds thresholds::for_queue(std::string_view id, std::string_view name) const {
  auto it = id.empty() ? queues.end() : queues.find(id);
  if (it == queues.end() && !name.empty()) it = queues.find(name);
  return it == queues.end() ? defaults : over(it->second, defaults);
}

std::unordered_map<std::string, core::millis> thresholds::targets_by_id(const std::vector<events::queue_label>& labels) const {
  std::unordered_map<std::string, core::millis> by_id;
  for (const auto& l : labels)
    if (auto it = queues.find(l.name); it != queues.end() && it->second.service_level_target_ms)
      by_id[l.id] = *it->second.service_level_target_ms;
  for (const auto& [key, t] : queues)
    if (t.service_level_target_ms) by_id[key] = *t.service_level_target_ms;
  return by_id;
}

}  // namespace wmpulse::metrics
