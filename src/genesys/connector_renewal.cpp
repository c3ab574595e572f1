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

// A new channel made with the current token, its socket opened before the old one is closed
// (as for socket_closing): both deliver for a moment and the differ drops the repeats.
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
  // The move came after the old token expired: what the old channel withheld is recovered.
  const core::millis now = clock_.steady_ms();
  if (old_token_expiry && now >= *old_token_expiry) request_backfill(began);
  became_live(sh, std::move(sock));
  for (auto& s : old) s->close();
}

}  // namespace wmpulse::genesys
