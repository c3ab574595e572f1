// The generator as an events::source: what one tick produces reaches the sink as one batch.
#include "sources/generator_source.hpp"

#include <gtest/gtest.h>

#include <type_traits>

#include "recording_sink.hpp"

namespace wmpulse::sources {
namespace {

namespace asio = net::asio;
using testing::recording_sink;

static_assert(std::is_base_of_v<events::source, generator_source>);

TEST(generator_source, one_tick_delivers_everything_due_as_one_batch) {
  asio::io_context ioc;
  core::manual_clock clock(1'700'000'000'000);
  recording_sink sink;
  generator_source generator(ioc, clock, generator_config{}, sink);
  events::source& source = generator;
  clock.advance(10 * 60'000);  // ten minutes due at once: well over a thousand events
  source.start();
  ioc.poll();  // the first tick only; the next waits on its timer
  ASSERT_EQ(sink.batches.size(), 1u);
  EXPECT_GT(sink.batches[0].size(), 1000u);
  source.stop();
  ioc.poll();
  const auto st = source.status();
  EXPECT_EQ(st.source_kind, "generator");
  EXPECT_EQ(st.state, events::connection_state::stopped);
  EXPECT_EQ(st.events_ingested, 0u) << "counted by the sink, not the source";
}

}  // namespace
}  // namespace wmpulse::sources
