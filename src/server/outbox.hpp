#pragma once
// The outgoing side of one WebSocket session, without the socket: control frames in order
// (acks, pongs, errors, query results), and for each subscription a single slot holding the
// latest `next` payload not yet written. A client that reads slowly gets the latest value;
// memory per session stays bounded by (subscriptions × payload) + the control bound.
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"

namespace wmpulse::server {

// A control frame (`text`), or a `next`: the subscription's prefix, the payload and "}",
// written from where they are (the payload is shared among subscribers, the prefix is kept
// with the subscription's slot), so that nothing is built or copied per frame.
struct outgoing_frame {
  std::string text;                            // a control frame; empty for a `next`
  std::shared_ptr<const std::string> prefix;   // next_prefix(id); null for control
  std::shared_ptr<const std::string> payload;  // shared among subscribers; null for control
  std::size_t size() const { return payload ? prefix->size() + payload->size() + 1 : text.size(); }
};

class outbox {
public:
  struct limits {
    std::size_t max_control_bytes = 1 << 20;  // queued control frames
    core::millis write_timeout_ms = 10'000;   // one write in flight longer than this: stuck
  };

  explicit outbox(limits l) : limits_(l) {}

  // Queues a control frame; false when that goes over the bound (the client is not reading).
  // A frame alone in the queue is taken whatever its size.
  [[nodiscard]] bool push_control(std::string frame);
  // Sets the latest payload for subscription `id`, replacing one not yet written.
  void offer_next(const std::string& id, std::shared_ptr<const std::string> payload);
  // The subscription ended: its pending value is never written, and its slot is freed.
  void forget(std::string_view id);

  // The next frame to write, marking a write in flight since `now`; nullopt when idle.
  std::optional<outgoing_frame> pop(core::millis now);
  void write_done();

  bool writing() const { return writing_since_.has_value(); }
  bool stuck(core::millis now) const;
  std::size_t pending_bytes() const { return control_bytes_ + slot_bytes_; }
  std::size_t superseded() const { return superseded_; }  // values replaced before written

private:
  // Kept while the subscription lasts (forget() erases it), so that its prefix is built once
  // and a value needs no allocation here.
  struct slot {
    std::shared_ptr<const std::string> prefix;
    std::shared_ptr<const std::string> payload;  // null: nothing pending
    bool queued = false;                         // its id is in ready_
  };
  limits limits_;
  std::deque<std::string> control_;
  std::size_t control_bytes_ = 0;
  std::unordered_map<std::string, slot> slots_;
  std::deque<std::string> ready_;  // ids with a pending value, oldest first (forgotten ones skipped)
  std::size_t slot_bytes_ = 0;
  std::size_t superseded_ = 0;
  std::optional<core::millis> writing_since_;
};

// `{"id":<id>,"type":"next","payload":` — a frame is this, the payload, and "}".
std::string next_prefix(std::string_view id);

}  // namespace wmpulse::server
