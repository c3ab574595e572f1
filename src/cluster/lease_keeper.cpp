#include "cluster/lease_keeper.hpp"

#include <nats/nats.h>

#include <stdexcept>

#include "core/log.hpp"

namespace wmpulse::cluster {
namespace {

constexpr const char* lease_key = "leader";
constexpr const char* shared_key = "shared";
constexpr std::int64_t ns_per_ms = 1'000'000;
constexpr core::millis bucket_wait_ms = 30'000;

}  // namespace

lease_keeper::lease_keeper(nats_connection& nats, const std::string& stream, std::string node_name, core::millis ttl_ms,
                           int replicas, const core::clock& clock)
    : nats_(nats), name_(std::move(node_name)), clock_(clock), state_(clock, ttl_ms) {
  jsOptions jo;
  jsOptions_Init(&jo);
  jo.Wait = state_.request_timeout_ms();  // a holder still sees a lapse before the others can take it
  if (const auto s = natsConnection_JetStream(&js_, nats_.get(), &jo); s != NATS_OK)
    throw std::runtime_error("NATS: JetStream context for the lease: " + nats_error(s));
  const std::string bucket = stream + "-lease";
  kvConfig cfg;
  kvConfig_Init(&cfg);
  cfg.Bucket = bucket.c_str();
  cfg.History = 1;
  cfg.TTL = ttl_ms * ns_per_ms;
  cfg.StorageType = js_FileStorage;
  cfg.Replicas = replicas;
  // Created with the connection's longer wait: a replicated bucket takes longer than a lease
  // request may. A NATS cluster that has just formed may refuse it for a few seconds (seen with
  // three servers under load): asked again, for at most bucket_wait_ms.
  const auto give_up_at = clock_.steady_ms() + bucket_wait_ms;
  for (;;) {
    kvStore* created = nullptr;
    const auto c = js_CreateKeyValue(&created, nats_.jetstream(), &cfg);
    kvStore_Destroy(created);
    const auto s = js_KeyValue(&kv_, js_, bucket.c_str());
    if (s == NATS_OK) break;
    if (clock_.steady_ms() >= give_up_at)
      throw std::runtime_error("NATS: lease bucket " + bucket + ": " + nats_error(c != NATS_OK ? c : s));
    core::log_warn("cluster", "lease bucket " + bucket + " not created yet (" + nats_error(c) + "); asking again");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

lease_keeper::~lease_keeper() {
  stop();
  kvStore_Destroy(kv_);
  jsCtx_Destroy(js_);
}

void lease_keeper::start(on_change handler) {
  handler_ = std::move(handler);
  thread_ = std::thread([this] { run(); });
}

void lease_keeper::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool lease_keeper::holding_now() const { return clock_.steady_ms() < held_until_.load(); }

std::string lease_keeper::holder() const {
  if (holding_now()) return name_;
  std::lock_guard lock(mutex_);
  return state_.holder();
}

void lease_keeper::share(std::string text) {
  std::lock_guard lock(mutex_);
  to_share_ = std::move(text);
}

std::string lease_keeper::shared() const {
  std::lock_guard lock(mutex_);
  return shared_;
}

// The holder writes what it shares again with every renewal (the bucket's TTL would drop it);
// the others read it.
void lease_keeper::exchange_shared(bool holding) {
  if (holding) {
    std::string text;
    {
      std::lock_guard lock(mutex_);
      text = to_share_;
    }
    if (text.empty()) return;
    std::uint64_t rev = 0;
    kvStore_Put(&rev, kv_, shared_key, text.data(), static_cast<int>(text.size()));
    return;
  }
  kvEntry* e = nullptr;
  if (kvStore_Get(&e, kv_, shared_key) != NATS_OK) return;
  std::string text(static_cast<const char*>(kvEntry_Value(e)), static_cast<std::size_t>(kvEntry_ValueLen(e)));
  kvEntry_Destroy(e);
  std::lock_guard lock(mutex_);
  shared_ = std::move(text);
}

lease_keeper::holder_entry lease_keeper::read_holder() {
  kvEntry* e = nullptr;
  const auto s = kvStore_Get(&e, kv_, lease_key);
  // Gone since the refusal (run out, or deleted by a holder that stopped): as if written a ttl
  // ago, so the next try comes soon rather than a quarter ttl later.
  if (s == NATS_NOT_FOUND) return {"", clock_.now_ms() - state_.ttl_ms()};
  if (s != NATS_OK) return {};
  holder_entry out{kvEntry_ValueString(e) ? kvEntry_ValueString(e) : "", std::nullopt};
  if (const auto created_ns = kvEntry_Created(e); created_ns > 0) out.written_wall_ms = created_ns / ns_per_ms;
  kvEntry_Destroy(e);
  return out;
}

// One request. The state is read and written under the mutex, the request runs outside it.
void lease_keeper::attempt() {
  lease_step step;
  std::uint64_t revision;
  {
    std::lock_guard lock(mutex_);
    step = state_.next_step();
    revision = state_.revision();
  }
  const auto sent = clock_.steady_ms();
  std::uint64_t written = 0;
  const auto len = static_cast<int>(name_.size());
  const auto s = step == lease_step::take ? kvStore_Create(&written, kv_, lease_key, name_.data(), len)
                                          : kvStore_Update(&written, kv_, lease_key, name_.data(), len, revision);
  // NATS_ERR: the server answered no (the key is held, or was written since our revision).
  auto holder = s == NATS_ERR ? read_holder() : holder_entry{};
  std::lock_guard lock(mutex_);
  if (s == NATS_OK) state_.taken(written, sent);
  else if (s == NATS_ERR) state_.refused(std::move(holder.name), sent, holder.written_wall_ms);
  else state_.failed(sent);
  held_until_.store(state_.holding() ? state_.held_until() : 0);
}

void lease_keeper::run() {
  for (;;) {
    attempt();
    const bool holding = holding_now();
    exchange_shared(holding);
    if (holding != reported_holding_) {
      reported_holding_ = holding;
      core::log_info("cluster", holding ? name_ + " took the lease: leader" : name_ + " lost the lease: follower");
      handler_(holding);
    }
    std::unique_lock lock(mutex_);
    // Wake for the next request, or at once when the lease runs out without an answer.
    auto until = state_.next_attempt_at();
    if (reported_holding_) until = std::min(until, held_until_.load());
    const auto wait = std::max<core::millis>(1, until - clock_.steady_ms());
    if (wake_.wait_for(lock, std::chrono::milliseconds(wait), [this] { return stopping_; })) break;
    lock.unlock();
    if (reported_holding_ && !holding_now() && clock_.steady_ms() >= held_until_.load()) {
      reported_holding_ = false;
      core::log_warn("cluster", name_ + ": the lease ran out before it was renewed: follower");
      handler_(false);
    }
  }
  if (reported_holding_) {
    handler_(false);
    kvStore_Delete(kv_, lease_key);  // let another node take over at once
  }
}

}  // namespace wmpulse::cluster
