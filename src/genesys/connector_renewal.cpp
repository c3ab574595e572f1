// Channel lifetime (docs/GENESYS.md "Channel lifetime"): each channel is resubscribed ahead of
// its `expires`, and moved to a new channel once the access token is refreshed, since a channel
// stops delivering when the token that created it expires.
#include <algorithm>

#include "core/log.hpp"
#include "genesys/connector_impl.hpp"

namespace wmpulse::genesys {
namespace asio = net::asio;
namespace {

constexpr std::string_view component = "genesys";
// The loop looks at least this often, so a channel created meanwhile is planned in time.
constexpr core::millis max_check_ms = 1'000;
constexpr core::millis min_check_ms = 20;
// A refused resubscription is tried again after this (or an eighth of the lifetime, if shorter).
constexpr core::millis renewal_retry_ms = 5'000;
// Event frames remembered per socket while a move's old socket drains: far more than the two
// deliver apart, unless their frames never match (then the deadline ends it).
constexpr std::size_t max_drain_frames = 20'000;

}  // namespace

asio::awaitable<void> connector::impl::renewal_loop() {
  for (;;) {
    // Refresh a token that is due even when no API call needs one, so the channels move to it
    // before the old one expires.
    if (const auto due = tokens_.refresh_at(); due && clock_.steady_ms() >= *due) {
      auto token = co_await tokens_.get();
      if (!token && token.error().fatal) {
        fail(token.error().message);
        co_return;
      }
    }
    const core::millis now = clock_.steady_ms();
    const auto generation = tokens_.tokens_issued();
    for (auto& sh : shards_) {
      if (!sh->channel || sh->renewing || sh->replacing || sh->live.empty()) continue;
      if (sh->token_generation != generation) spawn(move_channel(*sh), "moving a channel to a new token");
      else if (sh->renewal && now >= sh->renewal->renew_at) spawn(renew_channel(*sh), "renewing a channel");
    }
    co_await sleep(next_renewal_check());
  }
}

core::millis connector::impl::next_renewal_check() const {
  const core::millis now = clock_.steady_ms();
  core::millis next = now + max_check_ms;
  if (const auto due = tokens_.refresh_at()) next = std::min(next, *due);
  for (const auto& sh : shards_)
    if (sh->renewal) next = std::min(next, sh->renewal->renew_at);
  return std::clamp(next - now, min_check_ms, max_check_ms);
}

// PUT the same topics again: the channel lives another lifetime (facts §4.3).
asio::awaitable<void> connector::impl::renew_channel(shard& sh) {
  sh.renewing = true;
  const std::string id = sh.channel->id;
  auto r = co_await subscribe(api_, id, sh.topics, true);
  sh.renewing = false;
  if (stopping_ || !sh.channel || sh.channel->id != id || !sh.renewal) co_return;
  const core::millis now = clock_.steady_ms();
  if (r) {
    ++channel_renewals_;
    sh.permitted = r.value().permitted.size();
    sh.rejected = r.value().rejected.size();
    sh.renewal = renewed(*sh.renewal, now);
    core::log_info(component, "channel " + id + " renewed: its topics resubscribed ahead of its expiry");
  } else if (r.error().status == 404) {
    core::log_warn(component, "channel " + id + " was gone at its renewal; creating a new one");
    sh.channel.reset();
    for (auto& s : sh.live) s->close();  // the shard reconnects on a new channel and recovers the gap
  } else if (handle_api_error(r.error(), "renewing a channel")) {
    sh.renewal->renew_at = now + std::min(renewal_retry_ms, sh.renewal->lifetime_ms / 8);
  }
  update_status();
}

// A new channel made with the current token, its socket opened before the old one is closed:
// both deliver for a moment and the differ drops the repeats. The old socket is closed only once
// it has caught up (see start_drain), not as soon as the new one is up.
asio::awaitable<void> connector::impl::move_channel(shard& sh) {
  sh.renewing = true;
  const auto old_token_expiry = sh.token_expires_at;
  // In event time, as every gap (docs/GENESYS.md "Gap recovery"): the old channel delivered up to
  // here at least. The wall clock would place it far behind under an accelerated simulator.
  const core::millis began = event_time_now();
  auto ch = co_await new_channel(sh);
  if (!ch || stopping_) {
    sh.renewing = false;
    co_return;  // tried again on the next round
  }
  auto sock = new_socket(ch->info.connect_uri);
  sh.replacing = true;
  auto r = co_await sock->connect(ch->info.connect_uri);
  sh.replacing = false;
  sh.renewing = false;
  if (stopping_) co_return;
  if (!r) {
    core::log_warn(component, "socket of the new channel " + ch->info.id + " failed: " + r.error().message);
    work_.last_error = r.error().message;
    ++work_.failed_attempts;
    if (sh.live.empty()) {
      sh.down_since = began;
      sh.down.notify();
    }
    co_return;
  }
  const auto old = sh.live;
  const std::string old_id = sh.channel ? sh.channel->id : std::string("?");
  adopt_channel(sh, std::move(*ch));
  ++channel_token_moves_;
  core::log_info(component, "channel " + old_id + " replaced by " + sh.channel->id + " made with the refreshed token");
  const core::millis now = clock_.steady_ms();
  const auto* fresh = sock.get();
  became_live(sh, std::move(sock));
  if (old_token_expiry && now >= *old_token_expiry) {
    // The move came after the old token expired: the old channel is quiet, and what it
    // withheld is recovered.
    request_backfill(began);
    for (auto& s : old) s->close();
    co_return;
  }
  // Its token expires soon: by then plus a heartbeat timeout it has nothing more to give.
  start_drain(sh, old, fresh, began, (old_token_expiry ? *old_token_expiry - now : 0) + cfg_.heartbeat_timeout_ms);
}

// The service starts delivering on the new socket at some point after its upgrade, and what it
// sent to the old socket before then reached the old one alone. Closing the old socket at once
// (abruptly: its unread frames are dropped) lost those still in transit or unread: ends and
// messages missed for good (seen as activeSessions above /sim/expected after token moves). Once
// the old socket delivers an event the new one also delivered (or the other way round), every
// frame sent to the old one alone has been read, and it is closed. Events but no repeat by the
// deadline: the two may never have delivered at the same time (the new one began after the old
// token expired), so the interval since the move began is recovered, as after a late move.
void connector::impl::start_drain(shard& sh, std::vector<std::shared_ptr<notification_socket>> old,
                                  const notification_socket* fresh, core::millis began, core::millis limit_ms) {
  if (sh.drain) end_drain(sh, "a newer move began", false);
  if (old.empty()) return;
  sh.drain.emplace();
  sh.drain->id = ++drains_started_;
  sh.drain->began = began;
  sh.drain->old = std::move(old);
  sh.drain->fresh = fresh;
  spawn(drain_deadline(sh, sh.drain->id, limit_ms), "closing a moved channel's old socket");
}

void connector::impl::note_drained_frame(shard& sh, const notification_socket* from, std::string_view frame) {
  auto& d = *sh.drain;
  const bool from_old = std::any_of(d.old.begin(), d.old.end(), [&](const auto& s) { return s.get() == from; });
  if (!from_old && from != d.fresh) return;
  const std::size_t h = std::hash<std::string_view>{}(frame);
  auto& mine = from_old ? d.from_old : d.from_fresh;
  const auto& other = from_old ? d.from_fresh : d.from_old;
  if (other.contains(h)) {
    end_drain(sh, "caught up with the new one", true);
    return;
  }
  mine.insert(h);
  if (mine.size() > max_drain_frames) end_drain(sh, "no repeat in " + std::to_string(max_drain_frames) + " events", false);
}

void connector::impl::end_drain(shard& sh, std::string_view why, bool caught_up) {
  for (auto& s : sh.drain->old) s->close();
  const std::string what = "old socket of channel " + std::to_string(sh.index) + " closed: " + std::string(why);
  if (caught_up) {
    core::log_debug(component, what);
  } else {
    core::log_info(component, what + "; recovering since the move began");
    request_backfill(sh.drain->began);
  }
  sh.drain.reset();
}

asio::awaitable<void> connector::impl::drain_deadline(shard& sh, std::uint64_t id, core::millis limit_ms) {
  co_await sleep(limit_ms);
  if (!sh.drain || sh.drain->id != id) co_return;
  // Neither delivered an event meanwhile: nothing was published, so nothing went missing.
  if (sh.drain->from_old.empty() && sh.drain->from_fresh.empty()) end_drain(sh, "no event published meanwhile", true);
  else end_drain(sh, "no repeat by a heartbeat timeout after its token expired", false);
}

}  // namespace wmpulse::genesys
