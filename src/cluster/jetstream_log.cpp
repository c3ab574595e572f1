#include "cluster/jetstream_log.hpp"

#include <nats/nats.h>

#include <stdexcept>
#include <utility>

#include "core/log.hpp"
#include "events/event_id.hpp"

namespace wmpulse::cluster {
namespace {

constexpr const char* id_header = "Nats-Msg-Id";
constexpr std::int64_t ns_per_ms = 1'000'000;

std::string js_failure(const std::string& what, natsStatus s, jsErrCode code) {
  return "NATS: " + what + ": " + nats_error(s) + (code ? " (JetStream error " + std::to_string(code) + ")" : "");
}

}  // namespace

jetstream_log::jetstream_log(nats_connection& nats, stream_options options, delivery deliver, std::function<void()> wake,
                             std::function<bool()> may_publish)
    : nats_(nats), options_(std::move(options)), subject_(options_.name + ".events"), deliver_(std::move(deliver)),
      wake_(std::move(wake)), may_publish_(std::move(may_publish)) {
  jsOptions jo;
  jsOptions_Init(&jo);
  jo.PublishAsync.MaxPending = 65'536;
  jo.PublishAsync.ErrHandler = &jetstream_log::on_publish_error;
  jo.PublishAsync.ErrHandlerClosure = this;
  if (const auto s = natsConnection_JetStream(&publisher_, nats_.get(), &jo); s != NATS_OK)
    throw std::runtime_error("NATS: JetStream publisher: " + nats_error(s));
  ensure_stream();
  subscribe();
}

jetstream_log::~jetstream_log() {
  if (sub_) {
    natsSubscription_Unsubscribe(sub_);
    natsSubscription_Destroy(sub_);
  }
  jsCtx_Destroy(publisher_);
}

// Creates the stream, or brings an existing one to this node's retention and replicas.
void jetstream_log::ensure_stream() {
  jsStreamConfig cfg;
  jsStreamConfig_Init(&cfg);
  const char* subjects[] = {subject_.c_str()};
  cfg.Name = options_.name.c_str();
  cfg.Subjects = subjects;
  cfg.SubjectsLen = 1;
  cfg.Storage = js_FileStorage;
  cfg.MaxAge = options_.retention_ms * ns_per_ms;
  const auto window = options_.retention_ms > 0 ? std::min(options_.duplicate_window_ms, options_.retention_ms)
                                                : options_.duplicate_window_ms;
  cfg.Duplicates = window * ns_per_ms;
  cfg.Replicas = options_.replicas;
  jsStreamInfo* info = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  auto s = js_AddStream(&info, nats_.jetstream(), &cfg, nullptr, &code);
  if (s != NATS_OK && code == JSStreamNameExistErr) s = js_UpdateStream(&info, nats_.jetstream(), &cfg, nullptr, &code);
  if (s != NATS_OK) throw std::runtime_error(js_failure("stream " + options_.name, s, code));
  started_empty_.store(info->State.Msgs == 0);
  if (info->State.Msgs == 0) pending_.store(0);
  jsStreamInfo_Destroy(info);
}

void jetstream_log::subscribe() {
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = options_.name.c_str();
  so.Ordered = true;
  so.Config.DeliverPolicy = js_DeliverAll;
  jsErrCode code = static_cast<jsErrCode>(0);
  const auto s = js_Subscribe(&sub_, nats_.jetstream(), subject_.c_str(), &jetstream_log::on_message, this, nullptr, &so, &code);
  if (s != NATS_OK) throw std::runtime_error(js_failure("consumer of " + options_.name, s, code));
  // A large backlog is read as fast as it comes: no client-side limit on what is queued.
  natsSubscription_SetPendingLimits(sub_, -1, -1);
  if (started_empty_.load()) wake_();
}

// The consumer's thread: decode, queue, wake the ingest thread. Never touches the aggregator.
void jetstream_log::on_message(natsConnection*, natsSubscription*, natsMsg* msg, void* self) {
  auto& log = *static_cast<jetstream_log*>(self);
  const char* id = nullptr;
  natsMsgHeader_Get(msg, id_header, &id);
  auto record = decode_event_message(id ? id : "", std::string_view(natsMsg_GetData(msg), static_cast<std::size_t>(natsMsg_GetDataLength(msg))));
  jsMsgMetaData* meta = nullptr;
  std::uint64_t pending = 0;
  if (natsMsg_GetMetaData(&meta, msg) == NATS_OK) {
    pending = meta->NumPending;
    jsMsgMetaData_Destroy(meta);
  }
  natsMsg_Destroy(msg);
  log.stats_.received.fetch_add(1, std::memory_order_relaxed);
  log.pending_.store(static_cast<std::int64_t>(pending));
  if (!record.ok()) {
    log.stats_.undecodable.fetch_add(1, std::memory_order_relaxed);
    core::log_warn("cluster", "skipped a stream message that does not decode: " + record.error());
    record = core::result<stream_record, std::string>(stream_record{});  // still marks the position
  }
  record.value().pending = pending;
  bool was_empty = false;
  {
    std::lock_guard lock(log.mutex_);
    was_empty = log.received_.empty();
    log.received_.push_back(std::move(record.value()));
  }
  if (was_empty) log.wake_();
}

std::optional<std::uint64_t> jetstream_log::lag() const {
  const auto p = pending_.load();
  return p < 0 ? std::nullopt : std::optional<std::uint64_t>(static_cast<std::uint64_t>(p));
}

bool jetstream_log::seen_before(const std::string& id, core::millis arrived_ms) {
  const auto h = events::event_id_hash(id);
  if (!seen_.insert(h).second) return true;
  seen_order_.emplace_back(arrived_ms, h);
  if (options_.retention_ms > 0)
    while (!seen_order_.empty() && seen_order_.front().first < arrived_ms - options_.retention_ms) {
      seen_.erase(seen_order_.front().second);
      seen_order_.pop_front();
    }
  return false;
}

void jetstream_log::drain() {
  std::vector<stream_record> records;
  {
    std::lock_guard lock(mutex_);
    records.swap(received_);
  }
  std::vector<events::session_event> batch;
  core::millis batch_arrived = 0;
  const auto flush = [&] {
    if (!batch.empty()) deliver_(batch, batch_arrived);
    batch.clear();
  };
  for (auto& r : records) {
    for (const auto& e : r.events)
      if (!newest_event_ms_ || e.time_ms > *newest_event_ms_) newest_event_ms_ = e.time_ms;
    if (!r.id.empty() && !seen_before(r.id, r.arrived_ms)) {
      if (!batch.empty() && r.arrived_ms != batch_arrived) flush();
      batch_arrived = r.arrived_ms;
      for (auto& e : r.events) batch.push_back(std::move(e));
    } else if (!r.id.empty()) {
      stats_.duplicates_dropped.fetch_add(1, std::memory_order_relaxed);
    }
    if (r.pending == 0 && !caught_up_) {
      flush();
      caught_up_ = true;
    }
  }
  flush();
  if (records.empty() && started_empty_.load()) caught_up_ = true;
  if (caught_up_ && on_caught_up_) std::exchange(on_caught_up_, nullptr)();
}

void jetstream_log::when_caught_up(std::function<void()> then) {
  if (caught_up_) then();
  else on_caught_up_ = std::move(then);
}

void jetstream_log::append(std::span<const events::session_event> batch, core::millis arrived_ms) {
  if (!may_publish_()) {
    stats_.not_holding_dropped.fetch_add(batch.size(), std::memory_order_relaxed);
    return;
  }
  const auto ids = events::event_ids(batch);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    // Already in the stream (a backfill resending the day): no need to send it again.
    if (seen_.contains(events::event_id_hash(ids[i]))) continue;
    encode_event_message(batch[i], arrived_ms, body_);
    publish(ids[i], body_);
  }
}

void jetstream_log::publish(const std::string& id, const std::string& body) {
  natsMsg* msg = nullptr;
  if (natsMsg_Create(&msg, subject_.c_str(), nullptr, body.data(), static_cast<int>(body.size())) != NATS_OK) return;
  natsMsgHeader_Set(msg, id_header, id.c_str());
  // Asynchronous: the ingest thread never waits for the server; a message it does not
  // acknowledge within the wait (without one, cnats waits for ever: a message lost with a dying
  // server would never be sent again) comes back through on_publish_error and is sent again at
  // the next tick.
  jsPubOptions po;
  jsPubOptions_Init(&po);
  po.MaxWait = options_.publish_ack_wait_ms;
  const auto s = js_PublishMsgAsync(publisher_, &msg, &po);
  if (s == NATS_OK) {
    stats_.published.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  natsMsg_Destroy(msg);
  std::lock_guard lock(mutex_);
  retry_.emplace_back(id, body);
}

// cnats' thread: a publish not acknowledged (timeout, no connection) is queued for the next
// tick; one the server refused is counted and dropped (sending it again would not help).
void jetstream_log::on_publish_error(jsCtx*, jsPubAckErr* pae, void* self) {
  auto& log = *static_cast<jetstream_log*>(self);
  if (pae->ErrCode != 0) {
    log.stats_.publish_failures.fetch_add(1, std::memory_order_relaxed);
    core::log_warn("cluster", std::string("the stream refused an event: ") + (pae->ErrText ? pae->ErrText : "?"));
    return;
  }
  const char* id = nullptr;
  natsMsgHeader_Get(pae->Msg, id_header, &id);
  std::string body(natsMsg_GetData(pae->Msg), static_cast<std::size_t>(natsMsg_GetDataLength(pae->Msg)));
  std::lock_guard lock(log.mutex_);
  log.retry_.emplace_back(id ? id : "", std::move(body));
}

void jetstream_log::tick(core::millis, core::millis) {
  std::vector<std::pair<std::string, std::string>> again;
  {
    std::lock_guard lock(mutex_);
    again.swap(retry_);
  }
  if (again.empty()) return;
  stats_.publish_retries.fetch_add(again.size(), std::memory_order_relaxed);
  if (!may_publish_()) {
    stats_.not_holding_dropped.fetch_add(again.size(), std::memory_order_relaxed);
    return;
  }
  for (const auto& [id, body] : again) publish(id, body);
}

}  // namespace wmpulse::cluster
