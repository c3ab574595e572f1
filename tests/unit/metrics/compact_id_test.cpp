#include "metrics/compact_id.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace wmpulse::metrics {
namespace {

constexpr std::string_view uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";

TEST(compact_id, short_ids_are_kept_inline_and_compared_exactly) {
  const compact_id id("s-42");
  EXPECT_FALSE(id.is_on_heap());
  EXPECT_TRUE(id.equals("s-42"));
  EXPECT_FALSE(id.equals("s-4"));
  EXPECT_FALSE(id.equals("s-421"));
  EXPECT_FALSE(id.equals(""));
  EXPECT_TRUE(compact_id("").equals(""));
}

TEST(compact_id, thirty_bytes_stay_inline_and_thirty_one_go_to_the_heap) {
  const std::string thirty(30, 'x'), thirty_one(31, 'x');
  const compact_id a(thirty), b(thirty_one);
  EXPECT_FALSE(a.is_on_heap());
  EXPECT_TRUE(b.is_on_heap());
  EXPECT_TRUE(a.equals(thirty));
  EXPECT_TRUE(b.equals(thirty_one));
  EXPECT_FALSE(a.equals(thirty_one));
  EXPECT_FALSE(b.equals(thirty));
}

TEST(compact_id, canonical_uuids_are_packed_and_match_only_themselves) {
  const compact_id id(uuid);
  EXPECT_TRUE(id.is_packed_uuid());
  EXPECT_TRUE(id.equals(uuid));
  EXPECT_FALSE(id.equals("0f8fad5b-d9cb-469f-a165-70867728950f"));  // last digit
  EXPECT_FALSE(id.equals("1f8fad5b-d9cb-469f-a165-70867728950e"));  // first digit
  EXPECT_FALSE(id.equals("0F8FAD5B-D9CB-469F-A165-70867728950E"));  // upper case is another id
  EXPECT_FALSE(id.equals("0f8fad5bd9cb-469f-a165-70867728950e-"));  // same digits, dashes moved
  EXPECT_FALSE(id.equals("0f8fad5b-d9cb-469f-a165-70867728950"));   // one short
}

TEST(compact_id, non_canonical_36_character_ids_are_kept_as_they_are) {
  for (std::string_view other : {"0F8FAD5B-D9CB-469F-A165-70867728950E", "0f8fad5b_d9cb_469f_a165_70867728950e",
                                 "0f8fad5b-d9cb-469f-a165-70867728950g"}) {
    const compact_id id(other);
    EXPECT_TRUE(id.is_on_heap()) << other;
    EXPECT_TRUE(id.equals(other)) << other;
    EXPECT_FALSE(id.equals(uuid)) << other;
  }
  EXPECT_FALSE(compact_id(uuid).equals("0F8FAD5B-D9CB-469F-A165-70867728950E"));
}

TEST(compact_id, pack_uuid_reads_the_sixteen_bytes_in_order) {
  std::array<unsigned char, 16> bytes{};
  ASSERT_TRUE(pack_uuid("00112233-4455-6677-8899-aabbccddeeff", bytes));
  for (int i = 0; i < 16; ++i) EXPECT_EQ(bytes[static_cast<std::size_t>(i)], i * 0x11) << i;
  EXPECT_FALSE(pack_uuid("00112233-4455-6677-8899-aabbccddeef", bytes));
  EXPECT_FALSE(pack_uuid("00112233+4455-6677-8899-aabbccddeeff", bytes));
}

TEST(compact_id, moves_carry_every_form_and_leave_the_source_empty) {
  const std::string long_id(100, 'q');
  for (std::string_view text : {std::string_view("short"), uuid, std::string_view(long_id)}) {
    compact_id a(text);
    compact_id b(std::move(a));
    EXPECT_TRUE(b.equals(text));
    EXPECT_TRUE(a.equals(""));  // NOLINT(bugprone-use-after-move): the moved-from state is specified
    compact_id c("other");
    c = std::move(b);
    EXPECT_TRUE(c.equals(text));
    EXPECT_TRUE(b.equals(""));  // NOLINT(bugprone-use-after-move)
  }
}

TEST(compact_id, reassigning_replaces_the_id_of_any_form) {
  compact_id id(std::string(64, 'h'));
  id.assign(uuid);
  EXPECT_TRUE(id.equals(uuid));
  id.assign("x");
  EXPECT_TRUE(id.equals("x"));
  id.assign(std::string(40, 'z'));
  EXPECT_TRUE(id.equals(std::string(40, 'z')));
  id.clear();
  EXPECT_TRUE(id.equals(""));
}

}  // namespace
}  // namespace wmpulse::metrics
