// Notification channels and sockets: sharding, (re)connection, socket_closing handover.
#include <algorithm>

#include "core/log.hpp"
#include "genesys/connector_impl.hpp"
#include "net/url.hpp"

namespace wmpulse::genesys {
namespace asio = net::asio;
namespace {
constexpr std::string_view component = "genesys";
}

void connector::impl::add_queues(const std::vector<std::string>& queue_ids) {
  std::vector<std::string> fresh;
  for (const auto& q : queue_ids)
    if (known_queues_.insert(q).second) fresh.push_back(queue_topic(q));
  if (!fresh.empty()) refresh_queue_labels();
  std::size_t next = 0;
  // Top up the last shard first; a shard with a live channel gets the additions by POST.
  if (!shards_.empty() && shards_.back()->topics.size() < cfg_.topics_per_channel && !fresh.empty()) {
    shard& last = *shards_.back();
    const std::size_t room = cfg_.topics_per_channel - last.topics.size();
    next = std::min(room, fresh.size());
    const std::size_t first_new = last.topics.size();
    last.topics.insert(last.topics.end(), fresh.begin(), fresh.begin() + static_cast<std::ptrdiff_t>(next));
    if (last.channel) spawn(add_topics(last, first_new), "adding topics");
  }
  while (next < fresh.size()) {
    auto sh = std::make_unique<shard>(shards_.size(), ioc_.get_executor(), cfg_);
    const std::size_t n = std::min(cfg_.topics_per_channel, fresh.size() - next);
    sh->topics.assign(fresh.begin() + static_cast<std::ptrdiff_t>(next), fresh.begin() + static_cast<std::ptrdiff_t>(next + n));
    next += n;
    shards_.push_back(std::move(sh));
    supervise([this, sh = shards_.back().get()] { return shard_loop(*sh); }, "channel " + std::to_string(shards_.size() - 1));
  }
  update_status();
}

asio::awaitable<void> connector::impl::add_topics(shard& sh, std::size_t first_new) {
  const std::vector<std::string> topics(sh.topics.begin() + static_cast<std::ptrdiff_t>(first_new), sh.topics.end());
  const std::string channel_id = sh.channel ? sh.channel->id : std::string();
  auto r = co_await subscribe(api_, channel_id, topics, false);
  if (r) {
    sh.permitted += r.value().permitted.size();
    sh.rejected += r.value().rejected.size();
    for (const auto& t : r.value().rejected) core::log_warn(component, "topic rejected: " + t);
  } else if (handle_api_error(r.error(), "adding topics")) {
    // Start the shard over: a new channel gets the whole list.
    sh.channel.reset();
    for (auto& s : sh.live) s->close();
  }
  update_status();
}

bool connector::impl::handle_api_error(const api_error& e, std::string_view what) {
  if (e.fatal) {
    fail(e.message);
    return false;
  }
  core::log_warn(component, std::string(what) + ": " + e.message);
  work_.last_error = std::string(what) + ": " + e.message;
  update_status();
  return !stopping_;
}

asio::awaitable<void> connector::impl::shard_loop(shard& sh) {
  for (;;) {
    check_stopping();
    const bool opened = co_await open_socket(sh);
    if (!opened) {
      co_await sleep(sh.backoff.next_delay());
      continue;
    }
    while (!(sh.live.empty() && !sh.replacing)) {
      co_await sh.down.wait();
      check_stopping();
    }
    co_await sleep(sh.backoff.next_delay());
  }
}

// A channel with the shard's topics, not yet the shard's.
asio::awaitable<std::optional<connector::impl::fresh_channel>> connector::impl::new_channel(const shard& sh) {
  auto ch = co_await create_channel(api_);
  if (!ch) {
    handle_api_error(ch.error(), "creating a channel");
    co_return std::nullopt;
  }
  auto sub = co_await subscribe(api_, ch.value().id, sh.topics, true);
  if (!sub) {
    handle_api_error(sub.error(), "subscribing");
    co_return std::nullopt;
  }
  co_return fresh_channel{std::move(ch.value()), std::move(sub.value())};
}

// The channel becomes the shard's, with its renewal planned and the token it was made with.
void connector::impl::adopt_channel(shard& sh, fresh_channel ch) {
  sh.permitted = ch.topics.permitted.size();
  sh.rejected = ch.topics.rejected.size();
  for (const auto& t : ch.topics.rejected) core::log_warn(component, "topic rejected: " + t);
  sh.renewal = plan_renewal(ch.info.expires_ms, clock_.now_ms(), clock_.steady_ms());
  if (!sh.renewal) core::log_warn(component, "channel " + ch.info.id + " gave no usable expiry; it will not be renewed ahead");
  sh.token_generation = tokens_.tokens_issued();
  sh.token_expires_at = tokens_.expires_at();
  sh.upgrades.succeeded();
  sh.channel = std::move(ch.info);
  core::log_info(component, "channel " + sh.channel->id + ": " + std::to_string(sh.permitted) + " topic(s) subscribed, " +
                                std::to_string(sh.rejected) + " rejected");
}

asio::awaitable<bool> connector::impl::ensure_channel(shard& sh) {
  if (sh.channel) co_return true;
  auto ch = co_await new_channel(sh);
  if (!ch) co_return false;
  adopt_channel(sh, std::move(*ch));
  co_return true;
}

std::shared_ptr<notification_socket> connector::impl::new_socket(const std::string& uri) {
  socket_settings s;
  s.heartbeat_timeout_ms = cfg_.heartbeat_timeout_ms;
  s.ping_interval_ms = cfg_.ping_interval_ms;
  s.handshake_timeout_ms = cfg_.request_timeout_ms;
  s.allow_insecure = cfg_.allow_insecure_upstreams;
  s.clock = &clock_;
  s.proxy = cfg_.proxy;
  const auto url = net::parse_endpoint_url(uri);
  return make_notification_socket(ioc_.get_executor(), tls_, s, !url || url->tls());
}

asio::awaitable<bool> connector::impl::open_socket(shard& sh) {
  // Twice at most: a channel that turns out gone on upgrade is recreated at once.
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool have_channel = co_await ensure_channel(sh);
    if (!have_channel) co_return false;
    check_stopping();
    auto sock = new_socket(sh.channel->connect_uri);
    auto r = co_await sock->connect(sh.channel->connect_uri);
    check_stopping();
    if (r) {
      sh.upgrades.succeeded();
      became_live(sh, std::move(sock));
      co_return true;
    }
    core::log_warn(component, "channel " + sh.channel->id + ": " + r.error().message);
    work_.last_error = r.error().message;
    ++work_.failed_attempts;
    // Gone (401/403/404), or refused again and again whatever the status: a new channel.
    if (!sh.upgrades.failed(r.error().channel_gone)) co_return false;
    if (!r.error().channel_gone) {
      ++channels_lost_on_upgrade_;
      core::log_warn(component, "channel " + sh.channel->id + " given up after repeated upgrade failures");
    }
    sh.channel.reset();
  }
  co_return false;
}

void connector::impl::became_live(shard& sh, std::shared_ptr<notification_socket> sock) {
  sh.live.push_back(sock);
  if (sh.down_since) {
    ++work_.reconnects;
    core::log_info(component, "channel " + sh.channel->id + " reconnected; recovering the gap");
    request_backfill(*sh.down_since);
    sh.down_since.reset();
  }
  if (!work_.connected_since_ms) work_.connected_since_ms = clock_.now_ms();
  spawn(read_socket(sh, sock.get()), "socket");
  backfill_wake_.notify();
  update_status();
}

asio::awaitable<void> connector::impl::read_socket(shard& sh, notification_socket* raw) {
  // Owned by sh.live (became_live put it there); no class-type coroutine parameters (GCC 12).
  std::shared_ptr<notification_socket> sock;
  for (const auto& s : sh.live)
    if (s.get() == raw) sock = s;
  if (!sock) co_return;
  const notification_socket::frame_handler handler = [this, &sh, raw](std::string_view frame) {
    return handle_frame(sh, frame, raw);
  };
  socket_end end = socket_end::failed;
  std::string unexpected;
  try {
    end = co_await sock->run(handler);
  } catch (const std::exception& e) {  // e.g. from the sink: end this socket, the shard reconnects
    unexpected = e.what();
  }
  if (!unexpected.empty()) {
    sock->close();
    note_unexpected("socket of channel " + std::to_string(sh.index), unexpected);
  }
  std::erase(sh.live, sock);
  if (stopping_) co_return;
  if (end == socket_end::channel_gone) sh.channel.reset();
  if (end != socket_end::closed || sh.live.empty())
    core::log_info(component, "socket of channel " + std::to_string(sh.index) + " ended: " + std::string(to_string(end)));
  if (sh.live.empty() && !sh.replacing) {
    sh.down_since = event_time_now();
    work_.connected_since_ms.reset();
    sh.down.notify();
  }
  update_status();
}

// v2.system.socket_closing: open the replacement before the old socket goes, so nothing falls
// in between (the service moves delivery to the newest socket of the channel).
asio::awaitable<void> connector::impl::hand_over(shard& sh) {
  if (sh.replacing || !sh.channel) co_return;
  sh.replacing = true;
  ++handovers_;
  core::log_info(component, "channel " + sh.channel->id + " closing for maintenance; opening its replacement socket");
  auto sock = new_socket(sh.channel->connect_uri);
  auto r = co_await sock->connect(sh.channel->connect_uri);
  sh.replacing = false;
  if (stopping_) co_return;
  if (r) {
    auto old = sh.live;
    became_live(sh, std::move(sock));
    for (auto& s : old) s->close();  // delivery has moved; don't wait for the service's close
    co_return;
  }
  core::log_warn(component, "replacement socket failed: " + r.error().message);
  if (r.error().channel_gone) sh.channel.reset();
  if (sh.live.empty()) {
    sh.down_since = event_time_now();
    sh.down.notify();
  }
}

bool connector::impl::all_live() const {
  return std::all_of(shards_.begin(), shards_.end(), [](const auto& sh) { return !sh->live.empty(); });
}

}  // namespace wmpulse::genesys
