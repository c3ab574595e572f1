// The messages a socket gap lost, fetched per conversation after the gap's recovery
// (docs/GENESYS.md "Messages after a gap"), in a task of their own so later recoveries do not
// wait for them.
#include <algorithm>
#include <utility>

#include "core/log.hpp"
#include "genesys/connector_impl.hpp"

namespace wmpulse::genesys {
namespace asio = net::asio;
namespace {
constexpr std::string_view component = "genesys";
}  // namespace

void connector::impl::queue_gap_messages(const details_result& read, core::millis gap_start) {
  for (auto& f : conversations_to_fetch(read.conversations, differ_, gap_start))
    if (gap_fetch_ids_.insert(f.id).second) gap_fetches_.push_back(std::move(f));
  if (!gap_fetches_.empty()) gap_fetch_wake_.notify();
}

// A conversation that sent a live snapshot since it was chosen is skipped: the snapshot carried
// its messages[]. Each answer goes through the differ at once (new message ids only). A 404 (the
// conversation is gone) skips that one; another refusal (a missing permission) gives up what is
// queued, once; any other failure is retried after a backoff.
asio::awaitable<void> connector::impl::gap_messages_loop() {
  gap_fetch_tally tally;
  for (;;) {
    while (gap_fetches_.empty()) {
      if (tally.chosen > 0) log_gap_messages(std::exchange(tally, {}));
      co_await gap_fetch_wake_.wait();
      check_stopping();
    }
    // A recovery goes first: the fetches must not hold up (or use the request budget of) the
    // recovery of a later gap.
    while (backfill_running_ || backfill_from_) {
      co_await sleep(100);
      check_stopping();
    }
    if (gap_fetches_.empty()) continue;
    const gap_fetch f = gap_fetches_.front();
    ++tally.chosen;
    if (!still_needed(f, differ_)) {
      ++tally.live;
      drop_first_gap_fetch();
      continue;
    }
    // At most half the request budget (api_requests_per_minute, a sliding minute): a burst of
    // fetches must leave the recovery of the next gap its requests.
    co_await sleep(2 * 60'000 / std::max(1, cfg_.api_requests_per_minute));
    auto r = co_await get_message_conversation(api_, f.id);
    check_stopping();
    if (r) {
      drop_first_gap_fetch();
      ++tally.fetched;
      ++figures_.gap_fetches;
      std::vector<events::session_event> batch;
      differ_.apply_fetched(r.value(), known_queues_, clock_.now_ms(), batch);
      const auto messages = std::count_if(batch.begin(), batch.end(),
                                          [](const auto& e) { return e.kind == events::event_kind::message; });
      tally.messages += static_cast<std::size_t>(messages);
      figures_.gap_messages_recovered += static_cast<std::uint64_t>(messages);
      deliver(batch, false);
    } else if (r.error().status == 404) {
      drop_first_gap_fetch();
      ++tally.gone;
    } else if (is_refusal(r.error())) {
      ++figures_.refused_queries;
      give_up("messages of " + std::to_string(gap_fetches_.size()) + " conversation(s) open across a gap", r.error());
      gap_fetches_.clear();
      gap_fetch_ids_.clear();
    } else {
      --tally.chosen;  // asked again
      if (!handle_api_error(r.error(), "gap messages")) co_return;
      co_await sleep(refusal_backoff_.next_delay());
    }
  }
}

void connector::impl::drop_first_gap_fetch() {
  gap_fetch_ids_.erase(gap_fetches_.front().id);
  gap_fetches_.pop_front();
}

void connector::impl::log_gap_messages(const gap_fetch_tally& t) {
  core::log_info(component, "gap messages: " + std::to_string(t.fetched) + " of " + std::to_string(t.chosen) +
                                " conversation(s) open across a gap fetched (" + std::to_string(t.live) +
                                " had a live snapshot meanwhile, " + std::to_string(t.gone) + " gone), " +
                                std::to_string(t.messages) + " message(s) recovered");
}

}  // namespace wmpulse::genesys
