#include "api/api.hpp"
#include "api/types.hpp"

namespace wmpulse::api {
namespace detail {
namespace {

using boost::json::value;
using graphql::field_context;
using graphql::resolved;
using field_spec = graphql::schema_builder::field_spec;
using arg_spec = graphql::schema_builder::arg_spec;

std::optional<std::string> queue_arg(const field_context& c) {
  auto it = c.args.find("queueId");
  if (it == c.args.end() || !it->value().is_string()) return std::nullopt;
  return std::string(it->value().get_string());
}

// A field of Query or Subscription, resolved over the typed root: the engine's root value is
// converted here, and nowhere else.
using root_field = resolved (*)(const root_state&, const field_context&);
graphql::resolver on_root(root_field f) {
  return [f](const field_context& c) { return f(root_state_of(c.root), c); };
}

resolved real_time_metrics(const root_state& r, const field_context& c) { return metrics_object(r, queue_arg(c)); }

resolved status_object(const root_state& r, const field_context&) { return resolved::obj(&r.status()); }

// The queues seen in events, and the followed queues (the source's list) none has reached yet,
// so a wallboard shows every queue it follows from the start; sorted by id.
resolved queues(const root_state& r, const field_context&) {
  const auto& s = r.snapshot();
  static const std::vector<events::queue_label> none;
  const auto& labels = s.all.contact ? r.status().queue_labels : none;
  std::vector<resolved> out;
  auto seen = s.queues.begin();
  auto label = labels.begin();
  while (seen != s.queues.end() || label != labels.end()) {
    if (label == labels.end() || (seen != s.queues.end() && seen->queue_id <= label->id)) {
      if (label != labels.end() && seen->queue_id == label->id) ++label;
      out.push_back(resolved::obj(metrics_view{&seen->metrics, s.taken_at_ms, s.window_ms, s.counting_since_ms, seen->queue_id, nullptr}));
      ++seen;
    } else {
      auto unseen = unseen_queue(r, label->id);
      out.push_back(resolved::obj(metrics_view{unseen.get(), s.taken_at_ms, s.window_ms, s.counting_since_ms, label->id, unseen}));
      ++label;
    }
  }
  return resolved::list(std::move(out));
}

resolved history(const root_state& r, const field_context& c) {
  const std::int64_t last = c.args.at("lastSeconds").to_number<std::int64_t>();
  const std::int64_t step = c.args.at("stepSeconds").to_number<std::int64_t>();
  if (last < 1 || step < 1) return resolved::fail("lastSeconds and stepSeconds must be at least 1.");
  if (!r.history()) return resolved::list({});
  auto points = std::make_shared<const std::vector<metrics::history_point>>(r.history()->query(last, step, queue_arg(c)));
  const auto window = r.snapshot().window_ms;
  const auto counting_since = r.snapshot().counting_since_ms;
  const std::string queue = queue_arg(c).value_or("");
  std::vector<resolved> out;
  for (const auto& p : *points) out.push_back(resolved::obj(metrics_view{&p.metrics, p.at_ms, window, counting_since, queue, points}));
  return resolved::list(std::move(out));
}

const char* const queues_description =
    "Per-queue metrics of the current window, for every queue seen in events and every queue the source follows (zero until its first event), sorted by queue id (empty when the source has no queues)";

const arg_spec queue_id_arg{"queueId", "ID", "A Genesys Cloud queue id: only that queue's sessions and messages. Omit for all queues.", {}};

}  // namespace

std::vector<field_spec> query_fields() {
  return {
      {"realTimeMetrics", "Metrics!", "The metrics of the current window, for all queues or for the queue given.", on_root(real_time_metrics), {queue_id_arg}},
      {"queues", "[QueueMetrics!]!", std::string(queues_description) + ".", on_root(queues)},
      {"status", "SourceStatus!", "The state of the event source and its counters.", on_root(status_object)},
      {"history", "[HistoryPoint!]!",
       "Past metrics, one point every stepSeconds over the last lastSeconds, oldest first; seconds with no data are left out.", on_root(history),
       {{"lastSeconds", "Int", "How far back to go, in seconds; capped at the history kept (one hour by default).", value(300)},
        {"stepSeconds", "Int", "Seconds between two points.", value(1)},
        queue_id_arg}},
  };
}

std::vector<field_spec> subscription_fields() {
  return {
      {"realTimeMetrics", "Metrics!", "The metrics of the current window, pushed at every update, for all queues or the queue given.", on_root(real_time_metrics), {queue_id_arg}},
      {"queues", "[QueueMetrics!]!", std::string(queues_description) + ", pushed at every update.", on_root(queues)},
      {"status", "SourceStatus!", "The state of the event source, pushed at every update.", on_root(status_object)},
  };
}

}  // namespace detail

std::shared_ptr<const graphql::schema> make_schema() {
  graphql::schema_builder b;
  b.description("wmpulse: real-time metrics of Genesys Cloud Web Messaging sessions.");
  detail::add_metrics_types(b);
  detail::add_status_types(b);
  b.object("Query", "Reads of the latest metrics, their history and the source's status.", detail::query_fields());
  b.object("Subscription", "Live updates: each event is the latest snapshot.", detail::subscription_fields());
  b.roots("Query", "", "Subscription");
  return b.build();
}

std::shared_ptr<graphql::service> make_service(const limits& l) { return std::make_shared<graphql::service>(make_schema(), l); }

}  // namespace wmpulse::api
