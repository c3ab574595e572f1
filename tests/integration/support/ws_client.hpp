#pragma once
// A graphql-transport-ws client for hostile tests: Boost.Beast WebSocket run on a thread of its
// own, so that every call from the test waits with a deadline. Messages read are queued until
// next_message() takes them; reading can be left off entirely (a client that never reads).
#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace wmpulse::testing {

struct ws_open_options {
  std::string source_ip = "127.0.0.1";
  std::string origin;             // sent as Origin when not empty
  int receive_buffer = 0;         // SO_RCVBUF before connect; 0: kernel default
  bool read_messages = true;      // false: never read after the handshake
  std::chrono::milliseconds timeout{5000};
};

class ws_client {
public:
  ws_client();
  ~ws_client();
  ws_client(const ws_client&) = delete;
  ws_client& operator=(const ws_client&) = delete;

  // Connects and upgrades on /graphql; the HTTP status of the answer (101 on success, 0 when
  // there was none before the deadline). The body of a refusal is kept in refusal_body().
  unsigned open(unsigned short port, const ws_open_options& o = {});
  const std::string& refusal_body() const;
  // Starts reading when open() was told not to.
  void start_reading();

  // Queues a text message; the writes happen in order on the client's thread.
  void send(std::string text);
  // Waits until every queued message was written (false: deadline or error).
  bool flush(std::chrono::milliseconds timeout);
  // The next message read, or nullopt at the deadline or once the connection ended.
  std::optional<std::string> next_message(std::chrono::milliseconds timeout);
  // connection_init, then waits for connection_ack.
  bool init(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

  // Whether the read side ended (close frame, reset, EOF) and, for a close frame, its code.
  bool ended() const;
  unsigned close_code() const;
  // Waits up to the timeout for the connection to end, discarding messages.
  bool wait_ended(std::chrono::milliseconds timeout);

private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

// graphql-transport-ws frames.
std::string subscribe_message(const std::string& id, const std::string& query);

}  // namespace wmpulse::testing
