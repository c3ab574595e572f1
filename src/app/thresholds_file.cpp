#include "app/thresholds_file.hpp"

#include <cmath>

#include "core/duration.hpp"

namespace wmpulse::app {
namespace {

constexpr std::size_t max_queue_key_bytes = 256;
constexpr core::millis max_threshold_ms = 24 * 3'600'000LL;

enum class unit { count, duration, fraction };

// One figure's keys in a table.
struct figure_key {
  std::string_view name;
  unit kind;
  metrics::limit metrics::queue_thresholds::*field;
};
constexpr figure_key figures[] = {
    {"waiting", unit::count, &metrics::queue_thresholds::waiting},
    {"longest_waiting", unit::duration, &metrics::queue_thresholds::longest_waiting_ms},
    {"service_level", unit::fraction, &metrics::queue_thresholds::service_level},
    {"abandon_rate", unit::fraction, &metrics::queue_thresholds::abandon_rate},
    {"first_response", unit::duration, &metrics::queue_thresholds::avg_first_response_ms},
};

std::string place(const std::string& path, std::string_view table, std::string_view key) {
  return "config file " + path + ": [" + std::string(table) + "]" + (key.empty() ? "" : " " + std::string(key));
}

// A level's value, or the reason it is refused.
std::optional<double> level_value(const toml::node& n, unit kind, std::string& why) {
  if (kind == unit::duration) {
    const auto text = n.value_exact<std::string>();
    const auto ms = text ? core::parse_duration_ms(*text) : std::nullopt;
    if (ms && *ms >= 0 && *ms <= max_threshold_ms) return static_cast<double>(*ms);
    why = "expects a duration such as \"90s\" or \"2m\", from 0 to 24h";
    return std::nullopt;
  }
  if (kind == unit::count) {
    const auto i = n.value_exact<std::int64_t>();
    if (i && *i >= 0 && *i <= 1'000'000'000) return static_cast<double>(*i);
    why = "expects a whole number of sessions, from 0";
    return std::nullopt;
  }
  const auto d = n.is_integer() ? n.value<double>() : n.value_exact<double>();
  if (d && std::isfinite(*d) && *d >= 0 && *d <= 1) return *d;
  why = "expects a fraction from 0 to 1 (0.8 for 80 %)";
  return std::nullopt;
}

std::string read_limit(const std::string& path, std::string_view table, const figure_key& f, const toml::node& n,
                       metrics::limit& out) {
  const auto* levels = n.as_table();
  if (!levels) return place(path, table, f.name) + ": expects warn and/or alert, e.g. " + std::string(f.name) + ".warn = …";
  for (const auto& [level, value] : *levels) {
    const std::string key = std::string(f.name) + "." + std::string(level.str());
    std::optional<double>* slot = level.str() == "warn" ? &out.warn : level.str() == "alert" ? &out.alert : nullptr;
    if (!slot) return place(path, table, key) + ": unknown key (warn or alert)";
    std::string why;
    *slot = level_value(value, f.kind, why);
    if (!*slot) return place(path, table, key) + ": " + why;
  }
  return {};
}

std::string read_table(const std::string& path, std::string_view table, const toml::node& n, bool is_queue,
                       metrics::queue_thresholds& out) {
  const auto* keys = n.as_table();
  if (!keys) return place(path, table, "") + ": expects a table";
  for (const auto& [key, value] : *keys) {
    const auto k = key.str();
    if (k == "service_level_target") {
      if (!is_queue)
        return place(path, table, k) + ": the default target is the option service_level_target of [aggregation]";
      const auto text = value.value_exact<std::string>();
      const auto ms = text ? core::parse_duration_ms(*text) : std::nullopt;
      if (!ms || *ms < 1000 || *ms > 3'600'000) return place(path, table, k) + ": expects a duration from 1s to 1h, such as \"20s\"";
      out.service_level_target_ms = *ms;
      continue;
    }
    const figure_key* f = nullptr;
    for (const auto& candidate : figures)
      if (candidate.name == k) f = &candidate;
    if (!f) return place(path, table, k) + ": unknown key";
    if (auto e = read_limit(path, table, *f, value, out.*(f->field)); !e.empty()) return e;
  }
  if (auto e = metrics::check_order(out); !e.empty()) return place(path, table, "") + ": " + e;
  return {};
}

std::string check_queue_key(const std::string& at, std::string_view name) {
  if (name.empty() || name.size() > max_queue_key_bytes)
    return at + ": a queue id or name has 1 to " + std::to_string(max_queue_key_bytes) + " bytes";
  for (char ch : name)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) return at + ": a queue name has no control characters";
  return {};
}

std::string read_queue_tables(const std::string& path, const toml::node& n, metrics::thresholds& out) {
  const auto* queues = n.as_table();
  if (!queues) return place(path, "thresholds", "queue") + ": expects tables [thresholds.queue.\"<queue id or name>\"]";
  for (const auto& [name, body] : *queues) {
    const std::string table = "thresholds.queue.\"" + std::string(name.str()) + "\"";
    if (auto e = check_queue_key(place(path, table, ""), name.str()); !e.empty()) return e;
    if (auto e = read_table(path, table, body, true, out.queues[std::string(name.str())]); !e.empty()) return e;
  }
  return {};
}

}  // namespace

std::string read_thresholds(const std::string& path, const toml::node& node, metrics::thresholds& out) {
  const auto* t = node.as_table();
  if (!t) return "config file " + path + ": thresholds: expects tables [thresholds.default] and [thresholds.queue.\"<id or name>\"]";
  for (const auto& [key, value] : *t) {
    std::string e;
    if (key.str() == "default") e = read_table(path, "thresholds.default", value, false, out.defaults);
    else if (key.str() == "queue") e = read_queue_tables(path, value, out);
    else e = place(path, "thresholds", key.str()) + ": unknown key (default or queue)";
    if (!e.empty()) return e;
  }
  return {};
}

}  // namespace wmpulse::app
