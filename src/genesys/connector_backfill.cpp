// Gap recovery through the analytics details query, state sweeping and queue rediscovery.
#include <algorithm>

#include "core/counting_period.hpp"
#include "core/iso8601.hpp"
#include "core/log.hpp"
#include "genesys/connector_impl.hpp"

namespace wmpulse::genesys {
namespace asio = net::asio;
namespace {
constexpr std::string_view component = "genesys";
constexpr core::millis sweep_interval_ms = 30'000;
}  // namespace

void connector::impl::request_backfill(core::millis gap_start, bool lost_socket) {
  backfill_lost_socket_ = backfill_lost_socket_ || lost_socket;
  backfill_from_ = backfill_from_ ? std::min(*backfill_from_, gap_start) : gap_start;
  backfill_wake_.notify();
}

core::millis connector::impl::query_end() const {
  // Event time may run ahead of the wall clock (an accelerated simulator): cover both.
  return std::max(clock_.now_ms(), newest_event_ms_.value_or(0)) + cfg_.backfill_future_slack_ms;
}

asio::awaitable<void> connector::impl::backfill_loop() {
  core::backoff retry(cfg_.reconnect_base_ms, cfg_.reconnect_cap_ms);
  for (;;) {
    // Recover only once every channel delivers again: what happens from then on arrives live.
    while (!(startup_backfill_pending_ || backfill_from_) || !all_live()) {
      co_await backfill_wake_.wait();
      check_stopping();
    }
    if (startup_backfill_pending_) {
      // A first live event tells how far event time has got (see query_end).
      const core::millis deadline = clock_.steady_ms() + cfg_.startup_backfill_wait_ms;
      while (!newest_event_ms_ && clock_.steady_ms() < deadline) {
        co_await sleep(50);
      }
    }
    const bool startup = startup_backfill_pending_;
    const core::millis from = backfill_from_.value_or(0);
    const bool lost_socket = backfill_lost_socket_;
    startup_backfill_pending_ = false;
    backfill_from_.reset();
    backfill_lost_socket_ = false;
    bool done = false;
    try {
      backfill_running_ = true;
      done = co_await run_backfill(startup, from, lost_socket);
      backfill_running_ = false;
    } catch (const stopped_error&) {
      throw;
    } catch (...) {
      backfill_running_ = false;
      // The supervisor restarts this loop: the restarted loop must still do this recovery.
      if (startup) startup_backfill_pending_ = true;
      else request_backfill(from, lost_socket);
      throw;
    }
    if (done) {
      if (startup) work_.initial_recovery_done = true;  // readiness (/readyz)
      retry.reset();
      continue;
    }
    if (startup) startup_backfill_pending_ = true;
    else request_backfill(from, lost_socket);
    co_await sleep(retry.next_delay());
  }
}

core::millis connector::impl::event_time_now() const { return newest_event_ms_.value_or(clock_.now_ms()); }

asio::awaitable<bool> connector::impl::run_backfill(bool startup, core::millis gap_start, bool lost_socket) {
  const core::millis to = query_end();
  const core::millis mark = event_time_now();  // the next reconciliation reads from here
  std::vector<details_query> queries;
  if (startup) {
    // Everything of the counting period, and what is still open from before it.
    const core::millis period = core::counting_period_start(std::max(clock_.now_ms(), mark), cfg_.counting_utc_offset_minutes);
    queries.push_back({period, to, false, cfg_.backfill_page_size});
    queries.push_back({period - cfg_.backfill_lookback_ms, period, true, cfg_.backfill_page_size});
  } else {
    // The gap (with a margin); what was open before it is checked by id, not re-read.
    queries.push_back({gap_start - cfg_.backfill_overlap_ms, to, false, cfg_.backfill_page_size});
  }
  const details_query whole{queries.back().from_ms, to, false, 0};
  // Taken before any row is applied: what was open, less what the interval returns, is looked up.
  const auto open = startup ? std::vector<std::string>{} : differ_.open_started_before(to);
  details_result read;
  if (!co_await read_intervals(std::move(queries), read)) co_return false;
  const auto to_look_up = not_returned(open, read.conversations);
  if (!co_await look_up(to_look_up, read)) co_return false;
  apply_recovered(startup ? "start-up" : "gap", whole, to_look_up.size(), read);
  recovered_through_ = mark;
  // With the same margin as the interval: an end whose snapshot was still in flight (held back,
  // reordered) when the socket went may be stamped before the gap.
  // A takeover: nobody followed the stream since the earlier connector's newest event.
  const auto takeover_from = startup && cfg_.takeover_gap_start ? cfg_.takeover_gap_start() : std::nullopt;
  const bool takeover = takeover_from.has_value();
  if (lost_socket && !startup) queue_gap_messages(read, gap_start - cfg_.backfill_overlap_ms);
  if (takeover) queue_gap_messages(read, *takeover_from - cfg_.backfill_overlap_ms);
  // The stream came back past the query's end (an outage longer than the end's slack in event
  // time, as under an accelerated simulator): what happened in between is read next, still as
  // part of the gap (a socket's or a takeover's), so its conversations' messages are fetched too.
  if (event_time_now() > to) request_backfill(to, (lost_socket && !startup) || takeover);
  co_return true;
}

asio::awaitable<bool> connector::impl::read_intervals(std::vector<details_query> queries, details_result& into) {
  query_plan plan(std::move(queries), cfg_.details_min_interval_ms, refused_span_);
  while (!plan.done()) {
    const details_query q = plan.next();
    auto r = co_await query_details(api_, q);
    check_stopping();
    const auto judged = judge(r, into);
    if (judged == answer::failed) co_return false;
    if (judged == answer::read) {
      plan.succeeded();
      continue;
    }
    if (plan.refused()) {
      core::log_warn(component, "details query " + describe(q) + " refused (" + r.error().message + "); asking again in halves");
    } else {
      const auto rest = plan.abandon();
      give_up("details query " + describe({rest.front().from_ms, rest.back().to_ms, false, 0}) + " (" +
                  std::to_string(rest.size()) + " interval(s))",
              r.error());
    }
    refused_span_ = plan.refused_span();
    co_await sleep(refusal_backoff_.next_delay());
  }
  co_return true;
}

asio::awaitable<bool> connector::impl::look_up(const std::vector<std::string>& ids, details_result& into) {
  for (const auto& batch : in_batches(ids, details_lookup_max_ids)) {
    auto r = co_await lookup_details(api_, batch);
    check_stopping();
    const auto judged = judge(r, into);
    if (judged == answer::failed) co_return false;
    if (judged == answer::read) {
      figures_.backfill_lookups += batch.size();
      continue;
    }
    give_up("lookup of " + std::to_string(batch.size()) + " open conversation(s) by id", r.error());
    co_await sleep(refusal_backoff_.next_delay());
  }
  co_return true;
}

// Rows read are added to `into`; a refusal is counted; any other failure ends this recovery
// (it is asked again after a backoff, as before).
connector::impl::answer connector::impl::judge(api_outcome<details_result>& r, details_result& into) {
  if (r) {
    for (auto& c : r.value().conversations) into.conversations.push_back(std::move(c));
    into.malformed += r.value().malformed;
    into.pages += r.value().pages;
    refusal_backoff_.reset();
    return answer::read;
  }
  if (!is_refusal(r.error())) {
    handle_api_error(r.error(), "gap recovery");
    return answer::failed;
  }
  ++figures_.refused_queries;
  return answer::refused;
}

// A refusal at the shortest span: asking again would be refused again. What it covered counts
// only as far as later snapshots show it; status and the log say what was given up.
void connector::impl::give_up(const std::string& what, const api_error& why) {
  ++figures_.intervals_given_up;
  figures_.last_given_up = what + ": " + why.message;
  work_.last_error = "gave up " + figures_.last_given_up;
  core::log_warn(component, "gave up " + figures_.last_given_up +
                                "; its conversations count only as far as later snapshots show them");
}

void connector::impl::apply_recovered(std::string_view kind, const details_query& whole, std::size_t looked_up,
                                      const details_result& read) {
  const std::size_t open_before = differ_.open();
  std::vector<events::session_event> batch;
  const std::uint64_t out_of_scope_before = differ_.counters().found_out_of_scope;
  for (const auto& c : read.conversations) differ_.apply_found(c, known_queues_, clock_.now_ms(), batch);
  const std::uint64_t out_of_scope = differ_.counters().found_out_of_scope - out_of_scope_before;
  std::stable_sort(batch.begin(), batch.end(), [](const auto& a, const auto& b) { return a.time_ms < b.time_ms; });
  const std::size_t recovered = batch.size();
  deliver(batch, false);
  for (std::uint64_t i = 0; i < read.malformed; ++i)
    sink_.reject(events::decode_reason::missing_field, "details query returned a conversation without id or start");
  ++figures_.backfills;
  figures_.backfill_conversations += read.conversations.size();
  core::log_info(component, std::string(kind) + " recovery " + describe(whole) + ": " +
                                std::to_string(read.conversations.size()) + " conversation(s) in " +
                                std::to_string(read.pages) + " request(s), " + std::to_string(looked_up) +
                                " open ones it did not return looked up by id (" + std::to_string(out_of_scope) +
                                " not routed to a followed queue), " + std::to_string(recovered) +
                                " new event(s), open " + std::to_string(open_before) + " -> " +
                                std::to_string(differ_.open()));
}

asio::awaitable<void> connector::impl::sweep_loop() {
  for (;;) {
    co_await sleep(sweep_interval_ms);
    differ_.sweep(clock_.now_ms());
    update_status();
  }
}

asio::awaitable<void> connector::impl::reconcile_loop() {
  for (;;) {
    co_await sleep(cfg_.reconcile_interval_ms);
    // Since the last recovery, in event time (which may run ahead of the wall clock).
    request_backfill(recovered_through_.value_or(event_time_now() - cfg_.reconcile_interval_ms), false);
  }
}

// Refreshes the queue names; with no configured queues, also follows the new ones.
asio::awaitable<void> connector::impl::rediscovery_loop() {
  for (;;) {
    co_await sleep(cfg_.queue_rediscovery_ms);
    auto listed = co_await list_queues(api_);
    check_stopping();
    if (!listed) {
      if (!handle_api_error(listed.error(), "queue rediscovery")) co_return;
      continue;
    }
    note_queue_list(std::move(listed.value()));
    if (!cfg_.queue_ids.empty()) continue;
    const std::size_t before = known_queues_.size();
    std::vector<std::string> ids;
    for (const auto& q : listed_queues_) ids.push_back(q.id);
    add_queues(ids);
    if (known_queues_.size() > before)
      core::log_info(component, "discovered " + std::to_string(known_queues_.size() - before) + " new queue(s)");
  }
}

}  // namespace wmpulse::genesys
