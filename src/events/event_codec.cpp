#include "events/event_codec.hpp"

#include <cstdint>
#include <optional>

namespace wmpulse::events {
namespace {

constexpr std::uint8_t last_kind = static_cast<std::uint8_t>(event_kind::responded);
constexpr std::uint8_t last_direction = static_cast<std::uint8_t>(direction::outbound);

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_signed(std::string& out, std::int64_t v) {
  put_varint(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}

void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

// Reads from the front of `in`; every read fails (nullopt) rather than run past the end.
struct reader {
  std::string_view in;

  std::optional<std::uint64_t> varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in.empty()) return std::nullopt;
      const auto byte = static_cast<std::uint8_t>(in.front());
      in.remove_prefix(1);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return v;
    }
    return std::nullopt;
  }
  std::optional<std::int64_t> signed_varint() {
    auto u = varint();
    if (!u) return std::nullopt;
    return static_cast<std::int64_t>((*u >> 1) ^ (~(*u & 1) + 1));
  }
  std::optional<std::uint8_t> byte() {
    if (in.empty()) return std::nullopt;
    const auto b = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    return b;
  }
  std::optional<std::string> string() {
    auto n = varint();
    if (!n || *n > max_encoded_id_bytes || *n > in.size()) return std::nullopt;
    std::string s(in.substr(0, *n));
    in.remove_prefix(*n);
    return s;
  }
};

core::result<session_event, std::string> decode_event(reader& r) {
  const auto kind = r.byte(), dir = r.byte(), flags = r.byte();
  if (!kind || !dir || !flags) return core::failure{std::string("event truncated")};
  if (*kind > last_kind) return core::failure{"unknown event kind " + std::to_string(*kind)};
  if (*dir > last_direction) return core::failure{"unknown direction " + std::to_string(*dir)};
  const auto time = r.signed_varint();
  const auto start = time ? r.signed_varint() : std::nullopt;
  if (!start) return core::failure{std::string("event timestamps truncated")};
  auto session = r.string();
  auto queue = session ? r.string() : std::nullopt;
  if (!queue) return core::failure{"event id truncated or over " + std::to_string(max_encoded_id_bytes) + " bytes"};
  session_event e;
  e.kind = static_cast<event_kind>(*kind);
  e.dir = static_cast<direction>(*dir);
  e.first_response = (*flags & 1) != 0;
  e.time_ms = *time;
  e.start_ms = *start;
  e.session_id = std::move(*session);
  e.queue_id = std::move(*queue);
  return e;
}

}  // namespace

void encode_batch(std::span<const session_event> batch, std::string& out) {
  put_varint(out, batch.size());
  for (const auto& e : batch) {
    out.push_back(static_cast<char>(e.kind));
    out.push_back(static_cast<char>(e.dir));
    out.push_back(static_cast<char>(e.first_response ? 1 : 0));
    put_signed(out, e.time_ms);
    put_signed(out, e.start_ms);
    put_string(out, e.session_id);
    put_string(out, e.queue_id);
  }
}

core::result<std::vector<session_event>, std::string> decode_batch(std::string_view bytes) {
  reader r{bytes};
  const auto count = r.varint();
  // Each event takes at least 7 bytes: a count beyond that is garbage, not a reason to allocate.
  if (!count || *count > bytes.size() / 7 + 1) return core::failure{std::string("bad event count")};
  std::vector<session_event> batch;
  batch.reserve(*count);
  for (std::uint64_t i = 0; i < *count; ++i) {
    auto e = decode_event(r);
    if (!e) return core::failure{"event " + std::to_string(i) + ": " + e.error()};
    batch.push_back(std::move(e).value());
  }
  if (!r.in.empty()) return core::failure{std::to_string(r.in.size()) + " bytes after the last event"};
  return batch;
}

}  // namespace wmpulse::events
