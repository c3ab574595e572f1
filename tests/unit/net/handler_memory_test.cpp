#include "net/handler_memory.hpp"

#include <gtest/gtest.h>

#include "net/net.hpp"

namespace wmpulse::net {
namespace {

TEST(handler_memory, one_allocation_at_a_time_reuses_the_block) {
  handler_memory<256> memory;
  void* first = memory.allocate(200);
  EXPECT_TRUE(memory.owns(first));
  void* second = memory.allocate(100);  // the block is in use: from the heap
  EXPECT_FALSE(memory.owns(second));
  memory.deallocate(second);
  memory.deallocate(first);
  void* again = memory.allocate(256);
  EXPECT_TRUE(memory.owns(again)) << "the block is free again";
  void* larger = memory.allocate(257);
  EXPECT_FALSE(memory.owns(larger));
  memory.deallocate(larger);
  memory.deallocate(again);
}

TEST(handler_memory, asio_takes_a_bound_handlers_state_from_the_block) {
  asio::io_context ioc;
  handler_memory<256> memory;
  int ran = 0;
  for (int i = 0; i < 3; ++i) {
    asio::post(ioc, asio::bind_allocator(handler_allocator<int, 256>(memory), [&] { ++ran; }));
    // The posted operation lives in the block until it runs: another allocation cannot have it.
    void* other = memory.allocate(8);
    EXPECT_FALSE(memory.owns(other)) << "run " << i << ": the operation is not in the block";
    memory.deallocate(other);
    EXPECT_EQ(ioc.run(), 1u);
    ioc.restart();
    void* again = memory.allocate(8);
    EXPECT_TRUE(memory.owns(again)) << "run " << i << ": the operation did not give the block back";
    memory.deallocate(again);
  }
  EXPECT_EQ(ran, 3);
}

}  // namespace
}  // namespace wmpulse::net
