#include "journal/segment_format.hpp"

#include <zlib.h>

#include <cstring>

#include "events/event_codec.hpp"

namespace wmpulse::journal {
namespace {

constexpr std::string_view magic{"WMPJRNL\n", 8};

template <class T>
void put(std::string& out, T v) {
  for (std::size_t i = 0; i < sizeof(T); ++i) out.push_back(static_cast<char>(static_cast<std::uint64_t>(v) >> (8 * i)));
}

template <class T>
T get(std::string_view bytes) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(bytes[i])) << (8 * i);
  return static_cast<T>(v);
}

std::uint32_t crc_of(std::string_view bytes) {
  return static_cast<std::uint32_t>(
      ::crc32(::crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

}  // namespace

std::string encode_header(const segment_header& h) {
  std::string out(magic);
  put<std::uint32_t>(out, h.version);
  put<std::uint32_t>(out, header_bytes);
  put<std::int64_t>(out, h.created_ms);
  return out;
}

std::optional<segment_header> decode_header(std::string_view bytes) {
  if (bytes.size() < header_bytes || bytes.substr(0, magic.size()) != magic) return std::nullopt;
  if (get<std::uint32_t>(bytes.substr(12)) != header_bytes) return std::nullopt;
  return segment_header{get<std::uint32_t>(bytes.substr(8)), get<std::int64_t>(bytes.substr(16))};
}

void encode_record(core::millis arrived_ms, std::span<const events::session_event> batch, std::string& out) {
  const auto head = out.size();
  out.append(record_head_bytes, '\0');
  put<std::int64_t>(out, arrived_ms);
  events::encode_batch(batch, out);
  const std::string_view payload(out.data() + head + record_head_bytes, out.size() - head - record_head_bytes);
  std::string h;
  put<std::uint32_t>(h, static_cast<std::uint32_t>(payload.size()));
  put<std::uint32_t>(h, crc_of(payload));
  std::memcpy(out.data() + head, h.data(), record_head_bytes);
}

scanned_record scan_record(std::string_view bytes) {
  scanned_record r;
  if (bytes.empty()) return r;
  if (bytes.size() < record_head_bytes) {
    r.status = scan_status::torn;
    r.problem = "a record head cut short";
    return r;
  }
  const auto size = get<std::uint32_t>(bytes);
  if (size < 8 || size > max_payload_bytes) {
    r.status = scan_status::corrupt;
    r.problem = "a record size of " + std::to_string(size) + " bytes (limit " + std::to_string(max_payload_bytes) + ")";
    return r;
  }
  if (bytes.size() - record_head_bytes < size) {
    r.status = scan_status::torn;
    r.problem = "a record cut short";
    return r;
  }
  const auto payload = bytes.substr(record_head_bytes, size);
  if (crc_of(payload) != get<std::uint32_t>(bytes.substr(4))) {
    r.status = scan_status::corrupt;
    r.problem = "a record whose checksum does not match";
    return r;
  }
  r.status = scan_status::ok;
  r.size = record_head_bytes + size;
  r.arrived_ms = get<std::int64_t>(payload);
  r.batch = payload.substr(8);
  return r;
}

}  // namespace wmpulse::journal
