#include "app/leased_source.hpp"

namespace wmpulse::app {
namespace {

// "id\tname\n" per queue: ids and names never hold a tab or a newline that matters here.
std::string labels_text(const std::vector<events::queue_label>& labels) {
  std::string out;
  for (const auto& l : labels) out += l.id + '\t' + l.name + '\n';
  return out;
}

std::vector<events::queue_label> labels_of(std::string_view text) {
  std::vector<events::queue_label> out;
  while (!text.empty()) {
    const auto end = std::min(text.find('\n'), text.size());
    const auto line = text.substr(0, end);
    if (const auto tab = line.find('\t'); tab != std::string_view::npos)
      out.push_back({std::string(line.substr(0, tab)), std::string(line.substr(tab + 1))});
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return out;
}

}  // namespace

leased_source::leased_source(net::asio::io_context& ingest, factory make, std::string kind, cluster::nats_connection& nats,
                             cluster::lease_keeper& lease, cluster::jetstream_log& log)
    : ingest_(ingest), make_(std::move(make)), kind_(std::move(kind)), nats_(nats), lease_(lease), log_(log) {}

leased_source::~leased_source() { stop(); }

void leased_source::start() {
  lease_.start([this](bool holding) { lease_changed(holding); });
}

void leased_source::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
  }
  lease_.stop();  // reports the loss of a held lease: the running source stops
}

// The keeper's thread. Losing: the source stops now, not after what the ingest thread has queued.
void leased_source::lease_changed(bool holding) {
  if (!holding) {
    std::lock_guard lock(mutex_);
    if (running_) running_->stop();
    running_ = nullptr;
    return;
  }
  net::asio::post(ingest_, [this] { begin(); });
}

// A source started before this node read the stream would not know where the earlier leader
// stopped (and would publish again what the stream holds).
void leased_source::begin() {
  {
    std::lock_guard lock(mutex_);
    if (running_ || stopped_ || !lease_.holding_now()) return;
  }
  if (!log_.caught_up()) {
    log_.when_caught_up([this] { net::asio::post(ingest_, [this] { begin(); }); });
    return;
  }
  auto s = make_(log_.newest_event_ms());
  if (fatal_) s->on_fatal(fatal_);
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    running_ = s.get();
  }
  sources_.push_back(std::move(s));
  sources_.back()->start();
}

events::source_status leased_source::status() const {
  events::source_status s;
  {
    std::lock_guard lock(mutex_);
    if (running_) s = running_->status();
  }
  const bool leader = lease_.holding_now();
  if (!leader || s.source_kind.empty()) {
    s.source_kind = kind_;
    s.state = nats_.connected() ? events::connection_state::connected : events::connection_state::reconnecting;
    s.initial_recovery_done = true;  // a follower's recovery is the replay, which the sink ANDs in
  }
  // The queue names come from the leader's source; the others read them from the bucket.
  if (leader) lease_.share(labels_text(s.queue_labels));
  else s.queue_labels = labels_of(lease_.shared());
  s.role = leader ? events::node_role::leader : events::node_role::follower;
  s.lease_holder = lease_.holder();
  s.stream_lag = log_.lag();
  return s;
}

}  // namespace wmpulse::app
