#pragma once
// Field-by-field comparison of snapshots: integers exactly, averages and rates within 1e-9
// relative, percentiles within the sketch's documented 1% (plus 1e-9).
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>

#include "metrics/duration_sketch.hpp"
#include "metrics/snapshot.hpp"

namespace wmpulse::metrics::testing {

inline bool close_rel(double a, double b, double rel) { return std::fabs(a - b) <= rel * std::max(std::fabs(a), std::fabs(b)) + 1e-12; }

inline ::testing::AssertionResult same_percentile(const std::optional<double>& got, const std::optional<double>& exact) {
  if (got.has_value() != exact.has_value()) return ::testing::AssertionFailure() << "percentile presence differs";
  if (!got) return ::testing::AssertionSuccess();
  if (std::fabs(*got - *exact) <= duration_sketch::relative_error * *exact + 1e-9) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "percentile " << *got << " vs exact " << *exact;
}

inline bool same_mean(const std::optional<double>& a, const std::optional<double>& b) {
  return a.has_value() == b.has_value() && (!a || close_rel(*a, *b, 1e-9));
}

inline std::string shown(const std::optional<double>& v) { return v ? std::to_string(*v) : "null"; }

inline ::testing::AssertionResult same_contact(const std::optional<contact_metrics>& x, const std::optional<contact_metrics>& y,
                                               const std::string& where) {
  if (x.has_value() != y.has_value()) return ::testing::AssertionFailure() << where << ": contact presence differs";
  if (!x) return ::testing::AssertionSuccess();
  const auto& a = *x;
  const auto& o = *y;
  auto fail = [&](const char* what, auto p, auto q) {
    return ::testing::AssertionFailure() << where << ": " << what << " aggregator=" << p << " oracle=" << q;
  };
#define WMPULSE_SAME_COUNT(f) \
  if (a.f != o.f) return fail(#f, a.f, o.f);
  WMPULSE_SAME_COUNT(waiting)
  WMPULSE_SAME_COUNT(interacting)
  WMPULSE_SAME_COUNT(offered)
  WMPULSE_SAME_COUNT(answered)
  WMPULSE_SAME_COUNT(abandoned)
  WMPULSE_SAME_COUNT(short_abandoned)
  WMPULSE_SAME_COUNT(service_level_target_ms)
#undef WMPULSE_SAME_COUNT
  if (a.longest_waiting_ms != o.longest_waiting_ms)
    return fail("longest_waiting_ms", a.longest_waiting_ms.value_or(-1), o.longest_waiting_ms.value_or(-1));
#define WMPULSE_SAME_MEAN(f) \
  if (!same_mean(a.f, o.f)) return fail(#f, shown(a.f), shown(o.f));
  WMPULSE_SAME_MEAN(abandon_rate)
  WMPULSE_SAME_MEAN(service_level)
  WMPULSE_SAME_MEAN(average_speed_of_answer_ms)
  WMPULSE_SAME_MEAN(avg_first_response_ms)
  WMPULSE_SAME_MEAN(avg_agent_response_ms)
  WMPULSE_SAME_MEAN(avg_handle_ms)
#undef WMPULSE_SAME_MEAN
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult same_metrics(const window_metrics& a, const window_metrics& o, const std::string& where) {
  auto fail = [&](const char* what, auto x, auto y) {
    return ::testing::AssertionFailure() << where << ": " << what << " aggregator=" << x << " oracle=" << y;
  };
  if (a.active_sessions != o.active_sessions) return fail("active_sessions", a.active_sessions, o.active_sessions);
  if (a.total_connections != o.total_connections) return fail("total_connections", a.total_connections, o.total_connections);
  if (a.sessions_ended_in_window != o.sessions_ended_in_window)
    return fail("sessions_ended", a.sessions_ended_in_window, o.sessions_ended_in_window);
  if (a.messages_in_window != o.messages_in_window) return fail("messages", a.messages_in_window, o.messages_in_window);
  if (!close_rel(a.avg_session_duration_ms, o.avg_session_duration_ms, 1e-9))
    return fail("avg_duration", a.avg_session_duration_ms, o.avg_session_duration_ms);
  if (!close_rel(a.messages_per_minute, o.messages_per_minute, 1e-9)) return fail("mpm", a.messages_per_minute, o.messages_per_minute);
  if (!close_rel(a.inbound_messages_per_minute, o.inbound_messages_per_minute, 1e-9))
    return fail("inbound mpm", a.inbound_messages_per_minute, o.inbound_messages_per_minute);
  if (!close_rel(a.outbound_messages_per_minute, o.outbound_messages_per_minute, 1e-9))
    return fail("outbound mpm", a.outbound_messages_per_minute, o.outbound_messages_per_minute);
  for (auto [x, y] : {std::pair{&a.duration_p50_ms, &o.duration_p50_ms}, std::pair{&a.duration_p90_ms, &o.duration_p90_ms},
                      std::pair{&a.duration_p99_ms, &o.duration_p99_ms}}) {
    if (auto r = same_percentile(*x, *y); !r) return r << " at " << where;
  }
  return same_contact(a.contact, o.contact, where);
}

inline ::testing::AssertionResult same_snapshot(const metrics_snapshot& a, const metrics_snapshot& o) {
  if (a.taken_at_ms != o.taken_at_ms) return ::testing::AssertionFailure() << "taken_at " << a.taken_at_ms << " vs " << o.taken_at_ms;
  if (a.counting_since_ms != o.counting_since_ms)
    return ::testing::AssertionFailure() << "counting_since " << a.counting_since_ms << " vs " << o.counting_since_ms;
  if (auto r = same_metrics(a.all, o.all, "all"); !r) return r;
  if (a.queues.size() != o.queues.size()) return ::testing::AssertionFailure() << "queue count " << a.queues.size() << " vs " << o.queues.size();
  for (std::size_t i = 0; i < a.queues.size(); ++i) {
    if (a.queues[i].queue_id != o.queues[i].queue_id) return ::testing::AssertionFailure() << "queue id " << a.queues[i].queue_id;
    if (auto r = same_metrics(a.queues[i].metrics, o.queues[i].metrics, "queue " + a.queues[i].queue_id); !r) return r;
  }
  const auto& x = a.counters;
  const auto& y = o.counters;
#define WMPULSE_SAME_COUNTER(f) \
  if (x.f != y.f) return ::testing::AssertionFailure() << "counter " #f " aggregator=" << x.f << " oracle=" << y.f;
  WMPULSE_SAME_COUNTER(events_applied)
  WMPULSE_SAME_COUNTER(duplicate_connects)
  WMPULSE_SAME_COUNTER(duplicate_disconnects)
  WMPULSE_SAME_COUNTER(late_connects)
  WMPULSE_SAME_COUNTER(unknown_session_disconnects)
  WMPULSE_SAME_COUNTER(unknown_session_messages)
  WMPULSE_SAME_COUNTER(unknown_session_contact_events)
  WMPULSE_SAME_COUNTER(future_events)
  WMPULSE_SAME_COUNTER(future_events_refused)
  WMPULSE_SAME_COUNTER(too_old_events)
  WMPULSE_SAME_COUNTER(idle_closed_sessions)
  WMPULSE_SAME_COUNTER(refused_by_cap)
  WMPULSE_SAME_COUNTER(queue_transfers)
  WMPULSE_SAME_COUNTER(closed_sessions_evicted)
  WMPULSE_SAME_COUNTER(window_records_refused)
  WMPULSE_SAME_COUNTER(queues_refused)
  WMPULSE_SAME_COUNTER(stale_contact_events)
  WMPULSE_SAME_COUNTER(open_sessions)
  WMPULSE_SAME_COUNTER(tracked_sessions)
  WMPULSE_SAME_COUNTER(window_records)
#undef WMPULSE_SAME_COUNTER
  return ::testing::AssertionSuccess();
}

}  // namespace wmpulse::metrics::testing
