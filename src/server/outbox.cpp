#include "server/outbox.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace wmpulse::server {

bool outbox::push_control(std::string frame) {
  // One frame is taken whatever its size (results are capped before they get here); behind
  // others, the bound says whether the client reads at all.
  if (!control_.empty() && control_bytes_ + frame.size() > limits_.max_control_bytes) return false;
  control_bytes_ += frame.size();
  control_.push_back(std::move(frame));
  return true;
}

void outbox::offer_next(const std::string& id, std::shared_ptr<const std::string> payload) {
  auto [it, inserted] = slots_.try_emplace(id);
  slot& s = it->second;
  if (inserted) s.prefix = std::make_shared<const std::string>(next_prefix(id));
  if (s.payload) {
    ++superseded_;
    slot_bytes_ -= s.payload->size();
  }
  if (!s.queued) {
    s.queued = true;
    ready_.push_back(id);
  }
  slot_bytes_ += payload->size();
  s.payload = std::move(payload);
}

void outbox::forget(std::string_view id) {
  auto it = slots_.find(std::string(id));
  if (it == slots_.end()) return;
  if (it->second.payload) slot_bytes_ -= it->second.payload->size();
  slots_.erase(it);  // its id in ready_ is skipped by pop()
}

std::optional<outgoing_frame> outbox::pop(core::millis now) {
  if (!control_.empty()) {
    outgoing_frame f{std::move(control_.front()), nullptr, nullptr};
    control_.pop_front();
    control_bytes_ -= f.text.size();
    writing_since_ = now;
    return f;
  }
  while (!ready_.empty()) {
    std::string id = std::move(ready_.front());
    ready_.pop_front();
    auto it = slots_.find(id);
    if (it == slots_.end() || !it->second.queued) continue;  // forgotten (the id may be reused since)
    slot& s = it->second;
    s.queued = false;
    outgoing_frame f{{}, s.prefix, std::move(s.payload)};
    slot_bytes_ -= f.payload->size();
    writing_since_ = now;
    return f;
  }
  return std::nullopt;
}

void outbox::write_done() { writing_since_.reset(); }

bool outbox::stuck(core::millis now) const {
  return writing_since_ && now - *writing_since_ > limits_.write_timeout_ms;
}

std::string next_prefix(std::string_view id) {
  std::string s = R"({"id":)";
  s += boost::json::serialize(boost::json::string(id));
  s += R"(,"type":"next","payload":)";
  return s;
}

}  // namespace wmpulse::server
