// Records: a round trip, and every way a record can be damaged is told apart (torn: cut short;
// corrupt: a checksum or size that cannot be right).
#include "journal/segment_format.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "events/event_codec.hpp"

namespace wmpulse::journal {
namespace {

const std::vector<events::session_event> batch{{events::event_kind::connected, "s1", 1'000, "q", {}, 0, false},
                                              {events::event_kind::message, "s1", 1'500, {}, events::direction::inbound, 0, false}};

TEST(segment_format, a_record_round_trips_and_the_next_starts_after_it) {
  std::string bytes;
  encode_record(42, batch, bytes);
  encode_record(43, {}, bytes);
  const auto first = scan_record(bytes);
  ASSERT_EQ(first.status, scan_status::ok);
  EXPECT_EQ(first.arrived_ms, 42);
  EXPECT_EQ(events::decode_batch(first.batch).value(), batch);
  const auto second = scan_record(std::string_view(bytes).substr(first.size));
  ASSERT_EQ(second.status, scan_status::ok);
  EXPECT_EQ(second.arrived_ms, 43);
  EXPECT_EQ(scan_record(std::string_view(bytes).substr(first.size + second.size)).status, scan_status::end);
}

TEST(segment_format, a_record_cut_anywhere_is_torn) {
  std::string bytes;
  encode_record(42, batch, bytes);
  for (std::size_t n = 1; n < bytes.size(); ++n) EXPECT_EQ(scan_record(bytes.substr(0, n)).status, scan_status::torn) << n;
}

TEST(segment_format, a_flipped_bit_anywhere_in_the_payload_is_corrupt) {
  std::string bytes;
  encode_record(42, batch, bytes);
  for (std::size_t i = record_head_bytes; i < bytes.size(); ++i) {
    auto damaged = bytes;
    damaged[i] ^= 0x10;
    const auto r = scan_record(damaged);
    EXPECT_EQ(r.status, scan_status::corrupt) << i;
    EXPECT_EQ(r.problem, "a record whose checksum does not match");
  }
}

TEST(segment_format, an_impossible_size_is_corrupt_and_names_the_limit) {
  std::string bytes("\xff\xff\xff\x7f\0\0\0\0", 8);
  const auto r = scan_record(bytes);
  EXPECT_EQ(r.status, scan_status::corrupt);
  EXPECT_NE(r.problem.find("limit 67108864"), std::string::npos) << r.problem;
}

TEST(segment_format, the_header_round_trips_and_a_foreign_file_is_no_header) {
  const auto h = decode_header(encode_header({format_version, 1'700'000'000'000}));
  ASSERT_TRUE(h);
  EXPECT_EQ(h->version, format_version);
  EXPECT_EQ(h->created_ms, 1'700'000'000'000);
  EXPECT_FALSE(decode_header("PK\x03\x04 not a journal at all, just bytes"));
  EXPECT_FALSE(decode_header(encode_header({format_version, 1}).substr(0, 20)));
}

}  // namespace
}  // namespace wmpulse::journal
