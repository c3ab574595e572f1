#include "genesys/connector.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <variant>

#include "core/log.hpp"
#include "core/redact.hpp"
#include "genesys/connector_impl.hpp"
#include "net/run_guarded.hpp"
#include "net/tls.hpp"

namespace wmpulse::genesys {
namespace asio = net::asio;
namespace {

constexpr std::string_view component = "genesys";

token_settings token_settings_of(const config& c) {
  token_settings t;
  t.login_base = c.login_base;
  t.client_id = c.client_id;
  t.client_secret = c.client_secret;
  t.refresh_margin_ms = c.token_refresh_margin_ms;
  t.backoff_base_ms = c.reconnect_base_ms;
  t.backoff_cap_ms = c.reconnect_cap_ms;
  return t;
}

api_settings api_settings_of(const config& c) {
  api_settings a;
  a.api_base = c.api_base;
  a.requests_per_minute = c.api_requests_per_minute;
  a.backoff_base_ms = c.reconnect_base_ms;
  a.backoff_cap_ms = c.reconnect_cap_ms;
  return a;
}

// stop() ends every task by throwing stopped_error out of its waits: not an unexpected error.
asio::awaitable<void> ends_quietly_on_stop(asio::awaitable<void> task) {
  try {
    co_await std::move(task);
  } catch (const stopped_error&) {
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public facade

connector::connector(asio::io_context& ingest, const core::clock& clock, config cfg, events::event_sink& sink)
    : impl_(std::make_shared<impl>(ingest, clock, std::move(cfg), sink)) {}

connector::~connector() { stop(); }

void connector::on_fatal(fatal_handler handler) { impl_->fatal_handler_ = std::move(handler); }

void connector::start() {
  auto self = impl_;
  asio::post(self->ioc_, [self] {
    if (self->started_ || self->stopping_) return;
    self->started_ = true;
    self->spawn(self->run(), "start-up");
  });
}

void connector::stop() {
  auto self = impl_;
  if (self->ioc_.get_executor().running_in_this_thread() || self->ioc_.stopped()) self->stop();
  else asio::post(self->ioc_, [self] { self->stop(); });
}

events::source_status connector::status() const {
  auto self = impl_;
  if (self->ioc_.get_executor().running_in_this_thread() || self->ioc_.stopped()) return self->current_status();
  std::promise<events::source_status> built;
  auto status = built.get_future();
  asio::post(self->ioc_, [self, &built] {
    try {
      built.set_value(self->current_status());
    } catch (...) {
      built.set_exception(std::current_exception());
    }
  });
  return status.get();
}

// ---------------------------------------------------------------------------------------------
// Lifecycle

connector::impl::impl(asio::io_context& ingest, const core::clock& clock, config cfg, events::event_sink& sink)
    : ioc_(ingest),
      clock_(clock),
      cfg_(std::move(cfg)),
      sink_(sink),
      tls_(net::make_client_tls_context(cfg_.ca_file)),
      transport_(tls_, cfg_.request_timeout_ms, cfg_.proxy),
      tokens_(transport_, clock_, token_settings_of(cfg_),
              [this](core::millis ms) {
                // Show why login keeps failing (e.g. an untrusted certificate) while it retries.
                work_.last_error = "login: " + tokens_.last_failure();
                update_status();
                return sleep(ms);
              }),
      api_(transport_, tokens_, clock_, api_settings_of(cfg_), [this](core::millis ms) { return sleep(ms); }),
      differ_(differ_settings{cfg_.end_grace_ms, cfg_.tombstone_ms}),
      backfill_wake_(ingest.get_executor()),
      gap_fetch_wake_(ingest.get_executor()) {
  work_.source_kind = "genesys";
}

void connector::impl::spawn(asio::awaitable<void> task, std::string_view what) {
  net::co_spawn_guarded(ioc_.get_executor(), ends_quietly_on_stop(std::move(task)),
                        [self = shared_from_this(), what = std::string(what)](std::string_view why) {
                          self->note_unexpected(what, why);
                        });
}

void connector::impl::note_unexpected(std::string_view what, std::string_view why) {
  ++work_.unexpected_errors;
  work_.last_error = std::string(what) + " failed: " + std::string(why);
  core::log_error(component, work_.last_error);
  update_status();
}

void connector::impl::supervise(task_factory make, std::string what) {
  auto& entry = supervised_.emplace_back(std::move(make), std::move(what));
  spawn(run_supervised(&entry.first, &entry.second), entry.second);
}

// Runs the loop again after each unexpected exception, with backoff: a loop is never left dead.
asio::awaitable<void> connector::impl::run_supervised(const task_factory* make, const std::string* what) {
  for (;;) {
    std::string why;
    try {
      co_await (*make)();
      co_return;
    } catch (const stopped_error&) {
      throw;
    } catch (const std::exception& e) {
      why = e.what();
    }
    note_unexpected(*what, why + "; restarting");
    co_await sleep(restart_backoff_.next_delay());
  }
}

void connector::impl::check_stopping() const {
  if (stopping_) throw stopped_error{};
}

asio::awaitable<void> connector::impl::sleep(core::millis ms) {
  check_stopping();
  asio::steady_timer timer(ioc_, std::chrono::milliseconds(std::max<core::millis>(ms, 0)));
  auto it = sleepers_.insert(sleepers_.end(), &timer);
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  sleepers_.erase(it);
  check_stopping();
}

void connector::impl::stop() {
  if (stopping_) return;
  stopping_ = true;
  for (auto* t : sleepers_) t->cancel();
  for (auto& sh : shards_) {
    for (auto& s : sh->live) s->close();
    sh->down.notify();
  }
  backfill_wake_.notify();
  if (!failed_) work_.state = events::connection_state::stopped;
  update_status();
}

void connector::impl::fail(const std::string& message) {
  if (failed_) return;
  failed_ = true;
  work_.state = events::connection_state::failed;
  work_.last_error = message;
  core::log_error(component, message);
  stop();
  if (fatal_handler_) fatal_handler_(message);
}

asio::awaitable<void> connector::impl::run() {
  work_.state = events::connection_state::connecting;
  update_status();
  if (!cfg_.region_warning.empty()) core::log_warn(component, cfg_.region_warning);
  core::log_info(component, "logging in at " + core::redact_url(cfg_.login_base));
  if (cfg_.proxy) core::log_info(component, "through the proxy " + cfg_.proxy->display() + " (HTTPS_PROXY)");
  auto token = co_await tokens_.get();
  if (!token) {
    fail(token.error().message);
    co_return;
  }
  const auto queues = co_await initial_queues();
  if (failed_ || stopping_) co_return;
  core::log_info(component, "following " + std::to_string(queues.size()) + " queue(s)");
  add_queues(queues);
  supervise([this] { return backfill_loop(); }, "gap recovery");
  supervise([this] { return gap_messages_loop(); }, "gap messages");
  supervise([this] { return renewal_loop(); }, "channel renewal");
  supervise([this] { return sweep_loop(); }, "state sweep");
  if (cfg_.reconcile_interval_ms > 0) supervise([this] { return reconcile_loop(); }, "reconciliation");
  supervise([this] { return rediscovery_loop(); }, "queue discovery");
}

// The queues to follow: every listed queue, or the configured ones (ids or names) resolved
// against the list. Only configured ids can do without the list; their names stay unknown.
asio::awaitable<std::vector<std::string>> connector::impl::initial_queues() {
  const auto& wanted = cfg_.queue_ids;
  const bool ids_only = !wanted.empty() && std::all_of(wanted.begin(), wanted.end(), looks_like_queue_id);
  core::backoff retry(cfg_.reconnect_base_ms, cfg_.reconnect_cap_ms);
  for (;;) {
    auto listed = co_await list_queues(api_);
    if (listed) {
      note_queue_list(std::move(listed.value()));
      break;
    }
    if (ids_only) {
      core::log_warn(component, "queue names unknown: " + listed.error().message);
      co_return wanted;
    }
    if (!handle_api_error(listed.error(), "queue discovery")) co_return std::vector<std::string>{};
    co_await sleep(retry.next_delay());
  }
  if (wanted.empty()) {
    std::vector<std::string> ids;
    for (const auto& q : listed_queues_) ids.push_back(q.id);
    co_return ids;
  }
  auto ids = resolve_queues(wanted, listed_queues_);
  if (!ids) {
    fail(ids.error());
    co_return std::vector<std::string>{};
  }
  co_return std::move(ids.value());
}

void connector::impl::note_queue_list(std::vector<events::queue_label> listed) {
  listed_queues_ = std::move(listed);
  refresh_queue_labels();
}

void connector::impl::refresh_queue_labels() {
  work_.queue_labels = labels_of(listed_queues_, {known_queues_.begin(), known_queues_.end()});
}

// ---------------------------------------------------------------------------------------------
// Frames and events

notification_socket::verdict connector::impl::handle_frame(shard& sh, std::string_view frame,
                                                          const notification_socket* from) {
  const core::millis now = clock_.now_ms();
  if (cfg_.recorder) cfg_.recorder->record("genesys", frame, now);
  ++work_.frames_received;
  work_.last_frame_ms = now;
  sh.backoff.reset();  // the socket is healthy
  auto decoded = decode_notification(frame);
  if (!decoded) {
    reject(decoded.error());
    return verdict::keep;
  }
  if (sh.drain && std::holds_alternative<queue_conversation>(decoded.value())) note_drained_frame(sh, from, frame);
  return std::visit([&](const auto& message) { return act_on(sh, message, now); }, decoded.value());
}

void connector::impl::reject(const events::decode_error& e) {
  sink_.reject(e.reason, e.detail);
  update_status();
}

// Heartbeat or pong: the frame itself has shown the socket alive.
connector::impl::verdict connector::impl::act_on(shard&, const channel_metadata&, core::millis) { return verdict::keep; }

// We subscribe by REST, so a reply to an in-socket request has nothing for us.
connector::impl::verdict connector::impl::act_on(shard&, const channel_reply&, core::millis) { return verdict::keep; }

connector::impl::verdict connector::impl::act_on(shard& sh, const socket_closing&, core::millis) {
  spawn(hand_over(sh), "socket handover");
  return verdict::keep;
}

connector::impl::verdict connector::impl::act_on(shard& sh, const channel_not_found&, core::millis) {
  core::log_warn(component, "channel " + (sh.channel ? sh.channel->id : "?") + " reported gone (404)");
  sh.channel.reset();
  return verdict::close_channel_gone;
}

connector::impl::verdict connector::impl::act_on(shard& sh, const channel_dropped& m, core::millis) {
  core::log_warn(component, "channel dropped by the service (" + m.system_topic + ")");
  if (m.token_revoked) tokens_.drop();
  sh.channel.reset();
  return verdict::close_channel_gone;
}

connector::impl::verdict connector::impl::act_on(shard&, const other_topic&, core::millis) {
  ++other_topic_frames_;
  return verdict::keep;
}

connector::impl::verdict connector::impl::act_on(shard&, const queue_conversation& m, core::millis now) {
  for (std::size_t r = 0; r < skip_reason_count; ++r) skipped_[r] += m.snapshot.skipped[r];
  scratch_.clear();
  differ_.apply(m.snapshot, now, scratch_);
  deliver(scratch_, true);
  return verdict::keep;
}

void connector::impl::deliver(std::vector<events::session_event>& batch, bool live) {
  if (batch.empty()) return;
  for (const auto& e : batch)
    if (!newest_event_ms_ || e.time_ms > *newest_event_ms_) newest_event_ms_ = e.time_ms;
  if (live) figures_.lag_ms = clock_.now_ms() - batch.back().time_ms;
  sink_.accept(batch);
}

void connector::impl::update_status() {
  if (!failed_ && !stopping_ && started_) {
    if (all_live() && !shards_.empty()) {
      ever_all_live_ = true;
      work_.state = events::connection_state::connected;
    } else {
      work_.state = ever_all_live_ ? events::connection_state::reconnecting : events::connection_state::connecting;
    }
  }
}

events::source_status connector::impl::current_status() {
  update_status();
  events::source_status s = work_;
  auto& g = s.genesys.emplace(figures_);
  for (const auto& sh : shards_) {
    if (sh->channel) ++g.channels;
    g.rejected_topics += static_cast<std::uint32_t>(sh->rejected);
    g.topics += static_cast<std::uint32_t>(sh->permitted);
  }
  const auto& dc = differ_.counters();
  s.events_ignored = dc.ignored_snapshots + dc.stale_snapshots + other_topic_frames_;
  g.messages_unknown_in_gaps = dc.messages_unknown;
  g.non_message_entries = dc.non_message_entries;
  g.channel_renewals = channel_renewals_;
  g.channel_token_moves = channel_token_moves_;
  g.channels_lost_on_upgrade = channels_lost_on_upgrade_;
  g.gap_fetches_pending = gap_fetches_.size();
  if (cfg_.recorder) s.recorder = cfg_.recorder->stats();
  g.token_refreshes = tokens_.tokens_issued() > 0 ? tokens_.tokens_issued() - 1 : 0;
  g.direction_disagreements = dc.direction_disagreements;
  for (std::size_t r = 0; r < skip_reason_count; ++r)
    g.skipped_entries.emplace_back(std::string(to_string(static_cast<skip_reason>(r))), skipped_[r]);
  return s;
}

}  // namespace wmpulse::genesys
