// GraphQL documents built to cost far more than their size: the fragment bomb and its variants
// (over POST, GET and a graphql-ws subscribe), alias and depth bombs, and response amplification.
// Each must be refused quickly with an error naming the limit while /healthz keeps answering.
#include <map>
#include <thread>

#include <boost/json.hpp>

#include "core/iso8601.hpp"
#include "hostile/hostile_fixture.hpp"
#include "support/raw_socket.hpp"
#include "support/tutorial_stream_server.hpp"
#include "support/ws_client.hpp"

using namespace wmpulse::testing;
using namespace std::chrono_literals;

namespace {

// "… than the limit of N", "more than N tokens", "deeper than N": an error that names the bound.
bool names_a_limit(const std::string& message) {
  return mentions(message, "limit") || mentions(message, "more than") || mentions(message, "deeper than");
}

void expect_refused_naming_a_limit(const boost::json::value& body) {
  ASSERT_TRUE(body.is_object()) << "no answer within the deadline";
  const auto message = first_error(body);
  EXPECT_TRUE(names_a_limit(message)) << boost::json::serialize(body).substr(0, 500);
  const auto* data = body.as_object().if_contains("data");
  EXPECT_TRUE(!data || data->is_null()) << "a refused document has no data";
}

// The cyclic F0 of the issue may also be refused for its cycle, which is a limit too.
void expect_refused_for_limit_or_cycle(const boost::json::value& body) {
  ASSERT_TRUE(body.is_object()) << "no answer within the deadline";
  const auto message = first_error(body);
  EXPECT_TRUE(names_a_limit(message) || mentions(message, "itself") || mentions(message, "cycle"))
      << boost::json::serialize(body).substr(0, 500);
}

class graphql_attack : public hostile_test {};

}  // namespace

TEST_F(graphql_attack, fragment_bomb_over_post_is_refused_quickly) {
  start();
  boost::json::value answer;
  under_attack([&] { answer = hostile_post(port(), fragment_bomb()); });
  expect_refused_for_limit_or_cycle(answer);
}

TEST_F(graphql_attack, fragment_bomb_of_real_fields_is_refused_quickly) {
  start();
  boost::json::value answer;
  under_attack([&] { answer = hostile_post(port(), fragment_bomb("", "Query", 5, 100, "realTimeMetrics{activeSessions}")); });
  expect_refused_naming_a_limit(answer);
}

TEST_F(graphql_attack, fragment_bomb_over_an_unknown_fragment_is_refused_quickly) {
  start();
  auto query = fragment_bomb();
  const std::string f0 = " fragment F0 on Query{...F0}";
  query.erase(query.find(f0), f0.size());
  boost::json::value answer;
  under_attack([&] { answer = hostile_post(port(), query); });
  ASSERT_TRUE(answer.is_object()) << "no answer within the deadline";
  EXPECT_FALSE(first_error(answer).empty()) << boost::json::serialize(answer).substr(0, 500);
}

TEST_F(graphql_attack, fragment_bomb_over_get_is_refused_quickly) {
  start();
  raw_reply reply;
  under_attack([&] {
    connect_options o;
    o.source_ip = "127.0.0.2";
    o.timeout = 5s;
    reply = raw_http(port(), "GET", "/graphql?query=" + url_encode(fragment_bomb()), "Accept: application/json\r\n", {}, o);
  });
  ASSERT_NE(reply.status, 0u) << "no answer within the deadline";
  boost::system::error_code ec;
  expect_refused_for_limit_or_cycle(boost::json::parse(reply.body, ec));
}

TEST_F(graphql_attack, fragment_bomb_over_a_websocket_subscribe_gets_an_error_message) {
  start();
  ws_client ws;
  std::optional<std::string> reply;
  bool still_open = false;
  under_attack([&] {
    ws_open_options o;
    o.source_ip = "127.0.0.2";
    ASSERT_EQ(ws.open(port(), o), 101u);
    ASSERT_TRUE(ws.init());
    ws.send(subscribe_message("bomb", fragment_bomb("subscription", "Subscription")));
    reply = ws.next_message(5s);
    ws.send(R"({"type":"ping"})");
    for (int i = 0; i < 50 && !still_open; ++i) {  // bounded: pushes for other ids may come first
      auto m = ws.next_message(2s);
      if (!m) break;
      still_open = m->find("\"pong\"") != std::string::npos;
    }
  });
  ASSERT_TRUE(reply) << "no answer to the subscribe within 5 s";
  EXPECT_NE(reply->find("\"error\""), std::string::npos) << reply->substr(0, 500);
  EXPECT_NE(reply->find("\"bomb\""), std::string::npos) << reply->substr(0, 500);
  EXPECT_TRUE(names_a_limit(*reply) || mentions(*reply, "itself")) << reply->substr(0, 500);
  EXPECT_TRUE(still_open) << "the socket should stay open after an error for one operation";
}

TEST_F(graphql_attack, alias_bomb_is_refused_naming_the_limit) {
  start();
  std::string query = "{";  // 3000 aliases: over the alias limit (1000), under the token limit (10000)
  for (int i = 0; i < 3000; ++i) query += "a" + std::to_string(i) + ":__typename ";
  query += "}";
  boost::json::value answer;
  under_attack([&] { answer = hostile_post(port(), query); });
  expect_refused_naming_a_limit(answer);
  EXPECT_TRUE(mentions(first_error(answer), "alias") || mentions(first_error(answer), "field"));
}

TEST_F(graphql_attack, depth_bomb_of_selections_is_refused_naming_the_limit) {
  start();
  const int depth = 30'000;
  std::string query = "{";
  for (int i = 0; i < depth; ++i) query += "a{";
  query += "b";
  query.append(depth + 1, '}');
  boost::json::value answer;
  under_attack([&] { answer = hostile_post(port(), query); });
  expect_refused_naming_a_limit(answer);
}

TEST_F(graphql_attack, depth_bomb_of_list_values_is_refused_naming_the_limit) {
  start();
  const int depth = 45'000;
  std::string query = "{realTimeMetrics(queueId:" + std::string(depth, '[') + std::string(depth, ']') +
                      "){activeSessions}}";
  boost::json::value answer;
  under_attack([&] { answer = hostile_post(port(), query); });
  expect_refused_naming_a_limit(answer);
}

namespace {

// One connect a second over `seconds` of event time, each followed by a message, so that every
// second of the history holds a point (--clock event: the window ends at the newest event).
std::vector<std::string> an_hour_of_frames(int seconds) {
  const long long start = 1'795'000'000'000LL;
  std::vector<std::string> frames;
  for (int i = 0; i < seconds; ++i) {
    for (const char* type : {"webchat:connected", "webchat:message"}) {
      boost::json::object o{{"eventType", type},
                            {"timestamp", wmpulse::core::format_iso8601_ms(start + i * 1000LL + 10)},
                            {"data", {{"sessionId", "s-" + std::to_string(i)}}}};
      frames.push_back(boost::json::serialize(o));
    }
  }
  return frames;
}

std::string amplified_history(int aliases) {
  std::string q = "{";
  for (int i = 0; i < aliases; ++i)
    q += "h" + std::to_string(i) +
         ":history(lastSeconds:3600){at atMs metrics{activeSessions totalConnections avgSessionDurationMs "
         "messagesPerMinute sessionDurationP50Ms sessionDurationP90Ms sessionDurationP99Ms windowSeconds takenAt "
         "takenAtMs queueId}} ";
  return q + "}";
}

// The service fed with an hour of events, its history full (so the amplification is large).
class amplification_attack : public hostile_test {
protected:
  void start_with_a_full_hour() {
    source_ = std::make_unique<tutorial_stream_server>(an_hour_of_frames(3700), std::vector<std::size_t>{});
    start({"--source", "tutorial", "--events-url", source_->url(), "--clock", "event", "--bind", "127.0.0.1",
           "--port", "0", "--log-level", "error"});
    // The attack only means something once the history is full: poll until it holds (nearly) an hour.
    std::size_t points = 0;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (points < 3500 && std::chrono::steady_clock::now() < deadline) {
      auto v = post_query(port(), "{history(lastSeconds:3600){atMs}}", "127.0.0.1");
      const auto* d = v.is_object() ? v.as_object().if_contains("data") : nullptr;
      points = d && d->is_object() ? d->at("history").as_array().size() : 0;
      if (points < 3500) std::this_thread::sleep_for(100ms);
    }
    ASSERT_GE(points, 3500u) << "the history did not fill; the attack would be small";
  }

private:
  std::unique_ptr<tutorial_stream_server> source_;
};

// Sends `operations` subscribes of the amplified document on one socket; the message of each
// answer (by id), and whether the socket still answers `ping` afterwards.
struct ws_amplification_answers {
  std::map<std::string, std::string> by_id;
  bool still_open = false;
};
ws_amplification_answers amplify_over_a_websocket(unsigned short port, int operations) {
  ws_amplification_answers out;
  ws_client ws;
  ws_open_options o;
  o.source_ip = "127.0.0.2";
  if (ws.open(port, o) != 101u || !ws.init()) return out;
  for (int i = 0; i < operations; ++i) ws.send(subscribe_message("amp" + std::to_string(i), amplified_history(100)));
  for (int i = 0; i < 10 * operations && out.by_id.size() < static_cast<std::size_t>(operations); ++i) {
    auto m = ws.next_message(20s);
    if (!m) break;
    boost::system::error_code ec;
    auto v = boost::json::parse(*m, ec);
    if (ec || !v.is_object() || !v.as_object().contains("id")) continue;
    out.by_id.emplace(boost::json::value_to<std::string>(v.at("id")), *m);  // the first message per id
  }
  ws.send(R"({"type":"ping"})");
  for (int i = 0; i < 50 && !out.still_open; ++i) {  // bounded: `complete`s may come first
    auto m = ws.next_message(2s);
    if (!m) break;
    out.still_open = m->find("\"pong\"") != std::string::npos;
  }
  return out;
}

void expect_errors_naming_the_response_limit(const ws_amplification_answers& answers, int operations) {
  ASSERT_EQ(answers.by_id.size(), static_cast<std::size_t>(operations)) << "not every operation was answered";
  for (const auto& [id, message] : answers.by_id)
    EXPECT_TRUE(mentions(message, "larger than the limit")) << id << ": " << message.substr(0, 300);
  EXPECT_TRUE(answers.still_open) << "the socket should stay open after an error for one operation";
}

}  // namespace

TEST_F(amplification_attack, response_amplification_is_cut_at_the_response_limit) {
  start_with_a_full_hour();
  boost::json::value answer;
  under_attack([&] { answer = hostile_post(port(), amplified_history(100), 20s); });
  ASSERT_TRUE(answer.is_object()) << "no answer within 20 s";
  EXPECT_TRUE(mentions(first_error(answer), "larger than the limit"))
      << boost::json::serialize(answer).substr(0, 300);
}

// The Subscription type has no history, so the amplified document travels as a query inside a
// graphql-ws `subscribe`: its work must run on a worker lane, not on the socket's I/O thread.
TEST_F(amplification_attack, response_amplification_over_a_websocket_subscribe) {
  start_with_a_full_hour();
  ws_amplification_answers answers;
  under_attack([&] { answers = amplify_over_a_websocket(port(), 1); });
  expect_errors_naming_the_response_limit(answers, 1);
}

TEST_F(amplification_attack, response_amplification_over_several_operations_of_one_websocket) {
  start_with_a_full_hour();
  ws_amplification_answers answers;
  under_attack([&] { answers = amplify_over_a_websocket(port(), 3); });
  expect_errors_naming_the_response_limit(answers, 3);
}
