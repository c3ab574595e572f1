// The HTTP session over beast::test::stream: a request whose header and body arrive apart, with
// each I/O step of the server failing in turn; keep-alive; a body over the limit.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "unit/server/session_harness.hpp"

namespace wmpulse::server {
namespace {
using namespace detail;  // asio, beast
using testing::session_harness;
using testing::test_net::fail_count;
using testing::test_net::stream;

constexpr std::string_view post_header = "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\n";
constexpr std::string_view get_request = "GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n";

// Sends `bytes` and lets the server act on them; what it has written so far stays in
// client.str(). A write to a server that has gone is ignored, as a client's would fail.
void send(session_harness& h, stream& client, std::string_view bytes) {
  beast::error_code ignored;
  client.write_some(asio::buffer(bytes), ignored);
  h.ioc.restart();
  h.ioc.poll();
}

std::size_t count_of(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The server's I/O steps: 1 read the header, 2 read the body, 3 write the answer, 4 read the
// next request (the client leaves), 5 the lingering read. Failing any of them ends the
// session and releases its count; the answer is there only when its write did not fail.
TEST(http_session, a_failure_at_each_step_ends_the_session_cleanly) {
  for (std::size_t step = 1; step <= 6; ++step) {
    SCOPED_TRACE("failing I/O step " + std::to_string(step));
    session_harness h;
    fail_count fails(step);
    stream client = h.connect(&fails);
    send(h, client, post_header);
    send(h, client, "hello");
    const std::string answer(client.str());
    client.close();
    EXPECT_TRUE(h.run_to_end()) << "the session did not end";
    EXPECT_TRUE(h.released());
    EXPECT_EQ(h.state.http_rejected, 0u);
    if (step <= 3) {
      EXPECT_EQ(answer, "") << "answered although step " << step << " failed";
    } else {
      EXPECT_NE(answer.find("HTTP/1.1 200 OK"), std::string::npos) << answer;
      EXPECT_NE(answer.find("echo:hello"), std::string::npos) << answer;
    }
  }
}

TEST(http_session, keep_alive_serves_two_requests_on_one_connection) {
  session_harness h;
  stream client = h.connect();
  send(h, client, get_request);
  EXPECT_EQ(count_of(client.str(), "HTTP/1.1 200 OK"), 1u);
  EXPECT_EQ(h.state.sessions.size(), 1u) << "closed after the first answer";
  send(h, client, post_header);
  send(h, client, "again");
  EXPECT_EQ(count_of(client.str(), "HTTP/1.1 200 OK"), 2u) << client.str();
  EXPECT_NE(client.str().find("echo:again"), std::string_view::npos);
  EXPECT_EQ(h.state.http_requests, 2u);
  client.close();
  EXPECT_TRUE(h.run_to_end());
  EXPECT_TRUE(h.released());
}

TEST(http_session, a_body_over_the_limit_is_answered_413_and_the_connection_ends) {
  server_options opts;
  opts.body_limit = 8;
  session_harness h(opts);
  stream client = h.connect();
  send(h, client, "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n");
  send(h, client, std::string(100, 'x'));  // drained by the lingering close, not routed
  const std::string answer(client.str());
  EXPECT_NE(answer.find("HTTP/1.1 413"), std::string::npos) << answer;
  EXPECT_NE(answer.find("over 8 bytes"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
  EXPECT_EQ(h.state.http_rejected, 1u);
  EXPECT_EQ(h.state.http_requests, 0u);
  client.close();
  EXPECT_TRUE(h.run_to_end());
  EXPECT_TRUE(h.released());
}

}  // namespace
}  // namespace wmpulse::server
