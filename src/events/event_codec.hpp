#pragma once
// The binary form of a batch of normalized events, shared by the embedded journal's records
// and the cluster's stream messages. Little-endian, varints for numbers and lengths:
//   batch  := varint count, event*
//   event  := u8 kind, u8 direction, u8 flags (bit 0: first_response),
//             zigzag-varint time_ms, zigzag-varint start_ms, string session_id, string queue_id
//   string := varint length, bytes
// Decoding checks every length and enum against the bytes it has: a truncated or garbled
// input is an error naming what is wrong, never a crash.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "events/session_event.hpp"

namespace wmpulse::events {

inline constexpr std::size_t max_encoded_id_bytes = 4096;  // session and queue ids

void encode_batch(std::span<const session_event> batch, std::string& out);
core::result<std::vector<session_event>, std::string> decode_batch(std::string_view bytes);

}  // namespace wmpulse::events
