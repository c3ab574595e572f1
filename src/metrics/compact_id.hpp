#pragma once
// A session id in 32 bytes, kept inside the session record without allocating when it is up
// to 30 bytes long or a canonical UUID (36 lowercase hex-and-dash characters, as Genesys
// conversation ids are, packed into 16 bytes); other ids are kept on the heap. Inside the
// record, a lookup among millions of sessions costs the record's cache line and no second,
// dependent miss on the heap.
#include <array>
#include <cstdint>
#include <string_view>

namespace wmpulse::metrics {

class compact_id {
public:
  static constexpr std::size_t max_inline = 30;

  compact_id() = default;
  explicit compact_id(std::string_view id) { assign(id); }
  compact_id(compact_id&& other) noexcept;
  compact_id& operator=(compact_id&& other) noexcept;
  compact_id(const compact_id&) = delete;
  compact_id& operator=(const compact_id&) = delete;
  ~compact_id() { clear(); }

  void assign(std::string_view id);
  bool equals(std::string_view id) const;
  void clear();

  bool is_packed_uuid() const { return form_ == uuid_form; }
  bool is_on_heap() const { return form_ == heap_form; }

private:
  static constexpr std::uint8_t uuid_form = 0xFE;  // bytes_[0..16): the UUID's 16 bytes
  static constexpr std::uint8_t heap_form = 0xFF;  // bytes_: a char* and a std::size_t
  struct heap_chars {
    char* data;
    std::size_t size;
  };
  heap_chars heap() const;

  std::array<char, 31> bytes_{};
  std::uint8_t form_ = 0;  // 0..30: the length of an id kept in bytes_
};

// The 16 bytes of a canonical lowercase UUID (8-4-4-4-12), or false when id is not one.
bool pack_uuid(std::string_view id, std::array<unsigned char, 16>& out);

}  // namespace wmpulse::metrics
