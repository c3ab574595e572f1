#include "cluster/event_message.hpp"

#include "events/event_codec.hpp"

namespace wmpulse::cluster {

void encode_event_message(const events::session_event& e, core::millis arrived_ms, std::string& out) {
  out.clear();
  auto t = static_cast<std::uint64_t>(arrived_ms);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((t >> (8 * i)) & 0xff));
  std::string batch;
  events::encode_batch(std::span(&e, 1), batch);
  out += batch;
}

core::result<stream_record, std::string> decode_event_message(std::string_view id, std::string_view body) {
  if (id.empty()) return core::failure(std::string("message without Nats-Msg-Id"));
  if (body.size() < 8) return core::failure("message body of " + std::to_string(body.size()) + " bytes, under the 8 of its arrival time");
  std::uint64_t t = 0;
  for (int i = 0; i < 8; ++i) t |= static_cast<std::uint64_t>(static_cast<unsigned char>(body[i])) << (8 * i);
  auto events = events::decode_batch(body.substr(8));
  if (!events.ok()) return core::failure(events.error());
  if (events.value().size() != 1)
    return core::failure("message of " + std::to_string(events.value().size()) + " events, not one");
  stream_record r;
  r.id = std::string(id);
  r.arrived_ms = static_cast<core::millis>(t);
  r.events = std::move(events.value());
  return r;
}

}  // namespace wmpulse::cluster
