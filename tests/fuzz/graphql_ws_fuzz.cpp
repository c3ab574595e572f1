// libFuzzer target: graphql-transport-ws messages. The input is a sequence of text messages
// separated by newlines, fed to one graphql_ws_connection with a recording transport and the
// real graphql_service_backend (API schema, fixed snapshot), as ws_session does; between
// messages a driven clock moves, timeouts are checked and the hub publishes when due.
// Invariants: nothing escapes on_message, every frame written is a JSON object of a type the
// server may send, every offered payload is JSON, and a closed connection leaves the hub.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include <boost/json/parse.hpp>

#include "api/api.hpp"
#include "core/clock.hpp"
#include "fuzz_input.hpp"
#include "fuzz_root.hpp"
#include "server/graphql_service_backend.hpp"
#include "server/graphql_ws_connection.hpp"
#include "server/subscription_hub.hpp"

namespace server = wmpulse::server;
namespace json = boost::json;

namespace {

json::object parse_object(std::string_view text) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) std::abort();
  return std::move(v.get_object());
}

class recording_socket final : public server::ws_transport, public server::next_sink {
public:
  std::size_t frames = 0;
  bool closed = false;

  void send(std::string frame) override {
    if (closed) std::abort();  // nothing is written after the close
    ++frames;
    const json::object o = parse_object(frame);
    auto type = o.find("type");
    if (type == o.end() || !type->value().is_string()) std::abort();
    const std::string_view t = type->value().get_string();
    if (t != "connection_ack" && t != "pong" && t != "next" && t != "error" && t != "complete") std::abort();
  }
  void close(server::ws_close, std::string_view) override { closed = true; }
  void offer(const std::string&, std::uint64_t, std::shared_ptr<const std::string> payload) override {
    if (!payload) std::abort();
    (void)parse_object(*payload);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto service = wmpulse::api::make_service();
  static server::graphql_service_backend backend(service);
  static const server::published_root root = std::make_shared<const std::any>(wmpulse::fuzz::sample_root());

  wmpulse::core::manual_clock clock{1'700'000'000'000};
  server::subscription_hub hub(clock, {});
  (void)hub.on_notify(root);  // the root first results and publications run against
  (void)hub.publish();
  auto socket = std::make_shared<recording_socket>();
  {
    server::graphql_ws_connection conn(backend, hub, clock, *socket, socket,
                                       {.init_timeout_ms = 3000, .max_operations = 4});
    for (std::string_view message : wmpulse::fuzz::split(wmpulse::fuzz::as_text(data, size), '\n')) {
      if (conn.closed()) break;  // ws_session stops reading
      conn.on_message(message);
      if (conn.active_operations() > 4) std::abort();
      clock.advance(250);
      conn.check_timeouts();
      if (auto due = hub.on_notify(root); due && *due <= clock.now_ms()) (void)hub.publish();
    }
    if (conn.closed() != socket->closed) std::abort();
  }
  if (hub.subscriber_count() != 0 || hub.key_count() != 0) std::abort();
  return 0;
}
