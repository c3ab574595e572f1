// The JetStream event log against a real nats-server: two nodes publishing the same events (a
// leader and the node that took over, each sending before it read the other's copy) store each
// event once, because every message carries its event id as Nats-Msg-Id; a reader is delivered
// each event once, and its own dedup never had to act. Events sent to a server that dies before it
// stores them are sent again once the wait for their acknowledgement runs out, and stored.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cluster/jetstream_log.hpp"
#include "cluster/nats_connection.hpp"
#include "cluster/nats_server.hpp"

namespace {

using namespace wmpulse;
using namespace wmpulse::testing;

std::vector<events::session_event> connects(int count, const std::string& prefix) {
  std::vector<events::session_event> batch;
  for (int i = 0; i < count; ++i)
    batch.push_back({events::event_kind::connected, prefix + std::to_string(i), 1'000 + i, "q1"});
  return batch;
}

struct node {
  node(const nats_server& server, const std::string& name, bool publishes, core::millis ack_wait_ms = 5'000)
      : conn({{server.url()}, {}, {}, name}),
        log(conn, cluster::stream_options{.name = "dedup", .publish_ack_wait_ms = ack_wait_ms},
            [this](std::span<const events::session_event> batch, core::millis) {
              for (const auto& e : batch) delivered.push_back(e.session_id);
            },
            [] {}, [publishes] { return publishes; }) {}

  // Bounded poll (the test thread plays the ingest thread: it drains and ticks) until `session`
  // was delivered.
  bool delivers(const std::string& session, node* ticking = nullptr) {
    for (int i = 0; i < 1'000; ++i) {
      if (ticking) ticking->log.tick(0, 0);
      log.drain();
      if (std::find(delivered.begin(), delivered.end(), session) != delivered.end()) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  cluster::nats_connection conn;
  std::vector<std::string> delivered;
  cluster::jetstream_log log;
};

TEST(jetstream_log, the_same_events_from_two_publishers_are_stored_once) {
  temp_dir store;
  nats_server server(store.path);
  ASSERT_NE(server.port, 0);
  node first(server, "first", true), second(server, "second", true), reader(server, "reader", false);
  const auto batch = connects(40, "s");
  first.log.append(batch, 5'000);
  ASSERT_TRUE(reader.delivers("s39"));
  // `second` never drained, so its own filter knows nothing of `first`'s copies: only the
  // stream's duplicate window can drop them. One connection's messages keep their order, so once
  // the marker after them is delivered, every copy before it was stored or dropped.
  second.log.append(batch, 6'000);
  second.log.append(connects(1, "marker"), 6'000);
  ASSERT_TRUE(reader.delivers("marker0"));
  EXPECT_EQ(reader.log.stats().received.load(), batch.size() + 1);
  EXPECT_EQ(reader.log.stats().duplicates_dropped.load(), 0u);
  EXPECT_EQ(reader.delivered.size(), batch.size() + 1);
  EXPECT_EQ(second.log.stats().published.load(), batch.size() + 1);  // it did send them all
}

// The server freezes (SIGSTOP) with the events in its socket, unacknowledged, and is killed:
// they are lost with it. A new server on the same port and store comes up; the publisher's wait
// for the acknowledgements runs out and it sends them again (without a wait, cnats never gives
// up on them and they were never stored).
TEST(jetstream_log, events_lost_with_a_dying_server_are_sent_again_and_stored) {
  temp_dir store;
  auto server = std::make_unique<nats_server>(store.path);
  ASSERT_NE(server->port, 0);
  const auto port = server->port;
  node publisher(*server, "publisher", true, 1'000);
  ASSERT_EQ(::kill(server->proc->pid(), SIGSTOP), 0);
  publisher.log.append(connects(40, "s"), 5'000);
  std::this_thread::sleep_for(300ms);  // written to the frozen server's socket
  server->proc->kill_hard();
  server.reset();
  server = std::make_unique<nats_server>(store.path, port);
  ASSERT_EQ(server->port, port);
  node reader(*server, "reader", false);
  ASSERT_TRUE(reader.delivers("s39", &publisher)) << "the events lost with the server were not sent again";
  EXPECT_GE(publisher.log.stats().publish_retries.load(), 40u);
  EXPECT_EQ(reader.delivered.size(), 40u);
}

}  // namespace
