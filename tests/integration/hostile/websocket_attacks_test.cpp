// graphql-ws clients that hurt: many distinct subscriptions, readers that never read, oversized
// and flooding messages, and a cross-origin upgrade.
#include <map>
#include <memory>
#include <set>
#include <thread>

#include <boost/json.hpp>

#include "hostile/hostile_fixture.hpp"
#include "support/raw_socket.hpp"
#include "support/raw_websocket.hpp"
#include "support/ws_client.hpp"

using namespace wmpulse::testing;
using namespace std::chrono_literals;

namespace {

class websocket_attack : public hostile_test {};

std::unique_ptr<ws_client> open_client(unsigned short port, const std::string& source_ip, bool read = true,
                                       int receive_buffer = 0) {
  auto c = std::make_unique<ws_client>();
  ws_open_options o;
  o.source_ip = source_ip;
  o.read_messages = read;
  o.receive_buffer = receive_buffer;
  if (c->open(port, o) != 101) return nullptr;
  if (read && !c->init()) return nullptr;
  return c;
}

// Whether the socket still answers: a ping gets its pong (other messages are skipped, bounded).
bool answers_ping(ws_client& c) {
  c.send(R"({"type":"ping"})");
  for (int i = 0; i < 10'000; ++i) {
    auto m = c.next_message(3s);
    if (!m) return false;
    if (m->find("\"pong\"") != std::string::npos) return true;
  }
  return false;
}

struct subscribe_answers {
  std::map<std::string, std::string> first;  // id → type of the first answer
  int limit_errors = 0;
};

// Reads until every id had a first answer or the deadline; counts errors naming a limit.
subscribe_answers collect_answers(ws_client& c, std::size_t ids, std::chrono::milliseconds timeout) {
  subscribe_answers a;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (a.first.size() < ids && std::chrono::steady_clock::now() < deadline) {
    auto m = c.next_message(100ms);
    if (!m) continue;
    boost::system::error_code ec;
    auto v = boost::json::parse(*m, ec);
    if (ec || !v.is_object() || !v.as_object().contains("id")) continue;
    const std::string id(v.at("id").as_string());
    const std::string type(v.at("type").as_string());
    if (a.first.emplace(id, type).second && type == "error" && mentions(*m, "limit")) ++a.limit_errors;
  }
  return a;
}

}  // namespace

TEST_F(websocket_attack, subscriptions_made_distinct_by_a_60kb_comment_stay_bounded) {
  start();
  const int sockets = 16, per_socket = 100;
  std::vector<std::unique_ptr<ws_client>> clients;
  under_attack([&] {
    for (int s = 0; s < sockets; ++s) {
      auto c = open_client(port(), "127.0.0.3");
      ASSERT_TRUE(c) << "socket " << s;
      for (int i = 0; i < per_socket; ++i) {
        std::string comment = "#" + std::to_string(s) + "-" + std::to_string(i) + " " + std::string(60'000, 'x') + "\n";
        c->send(subscribe_message(std::to_string(i), "subscription{realTimeMetrics{activeSessions}}" + comment));
      }
      ASSERT_TRUE(c->flush(10s));
      clients.push_back(std::move(c));
    }
    for (auto& c : clients) collect_answers(*c, per_socket, 3s);
  });
  int open = 0;
  for (auto& c : clients) open += answers_ping(*c) ? 1 : 0;
  EXPECT_EQ(open, sockets) << "a client that stays within the protocol is not dropped";
}

TEST_F(websocket_attack, distinct_subscriptions_over_the_per_socket_limit_get_an_error_each) {
  start();
  const int sockets = 4, per_socket = 40, limit = 16;  // --ws-max-distinct-subscriptions default
  std::vector<subscribe_answers> answers;
  std::vector<std::unique_ptr<ws_client>> clients;
  under_attack([&] {
    for (int s = 0; s < sockets; ++s) {
      auto c = open_client(port(), "127.0.0.3");
      ASSERT_TRUE(c);
      for (int i = 0; i < per_socket; ++i)
        c->send(subscribe_message(std::to_string(i), "subscription{s" + std::to_string(i) + ":realTimeMetrics{activeSessions}}"));
      answers.push_back(collect_answers(*c, per_socket, 5s));
      clients.push_back(std::move(c));
    }
  });
  ASSERT_EQ(answers.size(), static_cast<std::size_t>(sockets));
  for (int s = 0; s < sockets; ++s) {
    EXPECT_EQ(answers[s].limit_errors, per_socket - limit) << "socket " << s;
    EXPECT_TRUE(answers_ping(*clients[s])) << "the socket stays open after the refusals";
  }
}

TEST_F(websocket_attack, readers_that_never_read_do_not_grow_the_service) {
  start();
  // Twelve subscriptions each (a subscription selects one field; results change at every tick),
  // never read. The service keeps at most the latest result per subscription, so its memory
  // stays flat. (Its drop after the 10 s write timeout needs the kernel's send buffer full
  // first: over a minute at these rates on loopback, where it autotunes to ~1 MiB, so this
  // bounded test checks memory and latency, not the drop.)
  const int sockets = 50, subscriptions = 12;
  auto one = [](int variant) {
    return "subscription{r" + std::to_string(variant) +
           ":realTimeMetrics{activeSessions totalConnections avgSessionDurationMs messagesPerMinute "
           "sessionDurationP50Ms sessionDurationP90Ms sessionDurationP99Ms windowSeconds takenAt takenAtMs queueId}}";
  };
  std::vector<socket_fd> readers;
  under_attack([&] {
    connect_options o;
    o.source_ip = "127.0.0.4";
    o.receive_buffer = 4096;
    for (int s = 0; s < sockets; ++s) {
      auto c = raw_ws_open(port(), o);
      ASSERT_TRUE(c.valid());
      std::string frames = ws_text_frame(R"({"type":"connection_init"})");
      for (int i = 0; i < subscriptions; ++i) frames += ws_text_frame(subscribe_message(std::to_string(i), one(i)));
      ASSERT_TRUE(send_all(c.get(), frames));
      readers.push_back(std::move(c));
    }
    std::this_thread::sleep_for(8s);  // the attack itself: readers that do not read
  }, 100);
  EXPECT_EQ(readers.size(), static_cast<std::size_t>(sockets));
}

TEST_F(websocket_attack, oversized_messages_are_closed_with_1009) {
  start();
  const int sockets = 10;
  std::vector<unsigned> codes;
  under_attack([&] {
    connect_options o;
    o.source_ip = "127.0.0.5";
    for (int s = 0; s < sockets; ++s) {
      auto c = raw_ws_open(port(), o);
      ASSERT_TRUE(c.valid());
      // Just over the 64 KiB limit, so that the whole message is sent before the service answers.
      send_all(c.get(), ws_text_frame(R"({"type":"connection_init"})") +
                            ws_text_frame(subscribe_message("1", "subscription{realTimeMetrics{activeSessions}}#" +
                                                                     std::string(70'000, 'x'))));
      codes.push_back(close_code_in(read_until_closed(c.get(), 3s).data));
    }
  });
  ASSERT_EQ(codes.size(), static_cast<std::size_t>(sockets));
  for (auto code : codes) EXPECT_EQ(code, 1009u);
}

TEST_F(websocket_attack, a_flood_of_messages_from_a_client_that_does_not_read_is_dropped) {
  start();
  // Each bad subscribe earns an error reply of ~150 bytes: 50 000 of them are far more than the
  // socket buffers and the 1 MiB of queued replies the service keeps for a client.
  const int sockets = 4, messages = 50'000;
  std::vector<socket_fd> flooders;
  std::size_t dropped = 0;
  under_attack([&] {
    connect_options o;
    o.source_ip = "127.0.0.6";
    o.receive_buffer = 4096;
    for (int s = 0; s < sockets; ++s) {
      auto c = raw_ws_open(port(), o);
      ASSERT_TRUE(c.valid());
      std::string flood = ws_text_frame(R"({"type":"connection_init"})");
      for (int i = 0; i < messages; ++i) flood += ws_text_frame(subscribe_message("f" + std::to_string(i), "{"));
      send_all(c.get(), flood, 3s);  // bounded; stops early once the service stops reading or drops us
      flooders.push_back(std::move(c));
    }
    dropped = peers_gone(flooders, 10s);
  });
  EXPECT_EQ(dropped, flooders.size()) << "queued replies over the limit drop the client";
}

TEST_F(websocket_attack, a_cross_origin_upgrade_is_refused_with_403) {
  start();
  unsigned evil = 0, same = 0;
  std::string why;
  under_attack([&] {
    ws_client cross;
    ws_open_options o;
    o.source_ip = "127.0.0.7";
    o.origin = "http://evil.example";
    evil = cross.open(port(), o);
    why = cross.refusal_body();
    ws_client own;
    o.origin = "http://127.0.0.1:" + std::to_string(port());
    same = own.open(port(), o);
  });
  EXPECT_EQ(evil, 403u);
  EXPECT_TRUE(mentions(why, "origin")) << why;
  EXPECT_EQ(same, 101u) << "the served origin itself is allowed";
}

TEST_F(websocket_attack, a_cross_origin_graphql_get_is_refused_with_403) {
  start();
  raw_reply evil, none;
  under_attack([&] {
    connect_options o;
    o.source_ip = "127.0.0.7";
    const std::string target = "/graphql?query=" + url_encode("{__typename}");
    evil = raw_http(port(), "GET", target, "Accept: application/json\r\nOrigin: http://evil.example\r\n", {}, o);
    none = raw_http(port(), "GET", target, "Accept: application/json\r\n", {}, o);
  });
  EXPECT_EQ(evil.status, 403u) << evil.body;
  EXPECT_EQ(none.status, 200u) << "no Origin (curl, servers) is allowed: " << none.body;
}
