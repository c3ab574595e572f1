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

void connector::impl::request_backfill(core::millis gap_start) {
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
    startup_backfill_pending_ = false;
    backfill_from_.reset();
    bool done = false;
    try {
      done = co_await run_backfill(startup, from);
    } catch (const stopped_error&) {
      throw;
    } catch (...) {
      // The supervisor restarts this loop: the restarted loop must still do this recovery.
      if (startup) startup_backfill_pending_ = true;
      else request_backfill(from);
      throw;
    }
    if (done) {
      retry.reset();
      continue;
    }
    if (startup) startup_backfill_pending_ = true;
    else request_backfill(from);
    co_await sleep(retry.next_delay());
  }
}

asio::awaitable<bool> connector::impl::run_backfill(bool startup, core::millis gap_start) {
  const core::millis now = clock_.now_ms();
  const core::millis to = query_end();
  std::vector<details_query> queries;
  if (startup) {
    // Everything of the counting period, and what is still open from before it.
    const core::millis period = core::counting_period_start(std::max(now, newest_event_ms_.value_or(0)), cfg_.counting_utc_offset_minutes);
    queries.push_back({period, to, false, cfg_.backfill_page_size});
    queries.push_back({period - cfg_.backfill_lookback_ms, period, true, cfg_.backfill_page_size});
  } else {
    core::millis from = gap_start - cfg_.backfill_overlap_ms;
    if (auto oldest = differ_.oldest_open_start()) from = std::min(from, *oldest);
    queries.push_back({from, to, false, cfg_.backfill_page_size});
  }
  std::vector<conversation_snapshot> found;
  std::uint64_t malformed = 0;
  for (const auto& q : queries) {
    auto r = co_await query_details(api_, q);
    check_stopping();
    if (!r) {
      handle_api_error(r.error(), "gap recovery");
      co_return false;
    }
    malformed += r.value().malformed;
    for (auto& c : r.value().conversations) found.push_back(std::move(c));
  }
  const std::size_t open_before = differ_.open();
  std::vector<events::session_event> batch;
  const std::uint64_t out_of_scope_before = differ_.counters().found_out_of_scope;
  for (const auto& c : found) differ_.apply_found(c, known_queues_, clock_.now_ms(), batch);
  const std::uint64_t out_of_scope = differ_.counters().found_out_of_scope - out_of_scope_before;
  std::stable_sort(batch.begin(), batch.end(), [](const auto& a, const auto& b) { return a.time_ms < b.time_ms; });
  const std::size_t recovered = batch.size();
  deliver(batch, false);
  for (std::uint64_t i = 0; i < malformed; ++i)
    sink_.reject(events::decode_reason::missing_field, "details query returned a conversation without id or start");
  ++figures_.backfills;
  figures_.backfill_conversations += found.size();
  core::log_info(component, std::string(startup ? "start-up" : "gap") + " recovery " +
                                core::format_iso8601_ms(queries.front().from_ms) + " .. " + core::format_iso8601_ms(to) +
                                ": " + std::to_string(found.size()) + " conversation(s) (" + std::to_string(out_of_scope) +
                                " not routed to a followed queue), " + std::to_string(recovered) +
                                " new event(s), open " + std::to_string(open_before) + " -> " +
                                std::to_string(differ_.open()));
  (void)now;
  co_return true;
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
    request_backfill(clock_.now_ms() - cfg_.reconcile_interval_ms);
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
