#include "metrics/compact_id.hpp"

#include <cstring>
#include <string_view>
#include <utility>

namespace wmpulse::metrics {
namespace {

// Where each of a UUID's 16 bytes is written, as two hex digits, in its 36 characters.
constexpr std::array<std::uint8_t, 16> digit_offsets = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};
constexpr std::array<std::uint8_t, 4> dash_offsets = {8, 13, 18, 23};
constexpr std::string_view lower_hex = "0123456789abcdef";

// 0..15 for a lowercase hex digit, 0xFF for anything else (upper case is not canonical).
constexpr std::array<std::uint8_t, 256> hex_values = [] {
  std::array<std::uint8_t, 256> t{};
  t.fill(0xFF);
  for (std::uint8_t v = 0; v < 16; ++v) t[static_cast<unsigned char>(lower_hex[v])] = v;
  return t;
}();

std::uint8_t hex_value(char c) { return hex_values[static_cast<unsigned char>(c)]; }

}  // namespace

bool pack_uuid(std::string_view id, std::array<unsigned char, 16>& out) {
  if (id.size() != 36) return false;
  unsigned invalid = 0;
  for (auto d : dash_offsets) invalid |= static_cast<unsigned>(id[d] != '-');
  for (std::size_t i = 0; i < 16; ++i) {
    const auto hi = hex_value(id[digit_offsets[i]]), lo = hex_value(id[digit_offsets[i] + 1u]);
    invalid |= static_cast<unsigned>((hi | lo) & 0xF0);
    out[i] = static_cast<unsigned char>(hi << 4 | (lo & 0x0F));
  }
  return invalid == 0;
}

// Whether id is the canonical text of these 16 bytes, without parsing it: the bytes are
// written back as lowercase digits and compared, branch-free (ids that reach here almost
// always match: they share the hash tag).
bool spells_uuid(std::string_view id, const char* bytes) {
  if (id.size() != 36) return false;
  unsigned diff = 0;
  for (auto d : dash_offsets) diff |= static_cast<unsigned>(id[d] ^ '-');
  for (std::size_t i = 0; i < 16; ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    diff |= static_cast<unsigned>(id[digit_offsets[i]] ^ lower_hex[b >> 4]);
    diff |= static_cast<unsigned>(id[digit_offsets[i] + 1u] ^ lower_hex[b & 0x0F]);
  }
  return diff == 0;
}

compact_id::compact_id(compact_id&& other) noexcept : bytes_(other.bytes_), form_(other.form_) {
  other.form_ = 0;
}

compact_id& compact_id::operator=(compact_id&& other) noexcept {
  if (this != &other) {
    clear();
    bytes_ = other.bytes_;
    form_ = std::exchange(other.form_, 0);
  }
  return *this;
}

compact_id::heap_chars compact_id::heap() const {
  heap_chars h{};
  std::memcpy(&h, bytes_.data(), sizeof h);
  return h;
}

void compact_id::clear() {
  if (form_ == heap_form) delete[] heap().data;
  form_ = 0;
}

void compact_id::assign(std::string_view id) {
  clear();
  if (id.size() <= max_inline) {
    std::memcpy(bytes_.data(), id.data(), id.size());
    form_ = static_cast<std::uint8_t>(id.size());
    return;
  }
  std::array<unsigned char, 16> packed{};
  if (pack_uuid(id, packed)) {
    std::memcpy(bytes_.data(), packed.data(), packed.size());
    form_ = uuid_form;
    return;
  }
  heap_chars h{new char[id.size()], id.size()};
  std::memcpy(h.data, id.data(), id.size());
  std::memcpy(bytes_.data(), &h, sizeof h);
  form_ = heap_form;
}

bool compact_id::equals(std::string_view id) const {
  if (form_ == uuid_form) return spells_uuid(id, bytes_.data());
  if (form_ == heap_form) {
    const auto h = heap();
    return std::string_view(h.data, h.size) == id;
  }
  return std::string_view(bytes_.data(), form_) == id;
}

}  // namespace wmpulse::metrics
