#pragma once
// The embedded journal's file format (docs/SCALING.md, "The embedded journal").
//   segment := header, record*
//   header  := "WMPJRNL\n", u32 version, u32 header size (24), i64 created_ms     (little-endian)
//   record  := u32 payload size, u32 CRC-32 of the payload (zlib's), payload
//   payload := i64 arrived_ms, batch (events/event_codec.hpp; an empty batch is a heartbeat)
// A segment is only ever appended to; a reader stops at the first record that is incomplete
// (a torn write) or whose checksum does not match (corruption), and the journal cuts it there.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "events/session_event.hpp"

namespace wmpulse::journal {

inline constexpr std::uint32_t format_version = 1;
inline constexpr std::size_t header_bytes = 24;
inline constexpr std::size_t record_head_bytes = 8;
inline constexpr std::uint32_t max_payload_bytes = 64u << 20;

struct segment_header {
  std::uint32_t version = format_version;
  core::millis created_ms = 0;
};

std::string encode_header(const segment_header& h);
// nullopt when the bytes are not a journal segment header at all (wrong magic or size).
std::optional<segment_header> decode_header(std::string_view bytes);

void encode_record(core::millis arrived_ms, std::span<const events::session_event> batch, std::string& out);

enum class scan_status { ok, end, torn, corrupt };
struct scanned_record {
  scan_status status = scan_status::end;
  std::size_t size = 0;          // bytes the record takes, head included (ok only)
  core::millis arrived_ms = 0;   // ok only
  std::string_view batch;        // the encoded batch (ok only)
  std::string problem;           // torn / corrupt: what is wrong
};
// Reads the record at the front of `bytes`: end when there are none left.
scanned_record scan_record(std::string_view bytes);

}  // namespace wmpulse::journal
