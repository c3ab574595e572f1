// A server for the graphql-transport-ws conformance harness (../shared/conformance/
// ws-subscription.mjs): the real GraphQL API (api::make_service) behind graphql_service_backend,
// with a snapshot whose numbers change every 200 ms. Prints "port N" and serves until stdin closes.
//
//   ws_conformance_server [port] [init_timeout_ms]
#include <atomic>
#include <iostream>
#include <memory>
#include <thread>

#include "api/api.hpp"
#include "server/graphql_service_backend.hpp"
#include "server/http_server.hpp"

int main(int argc, char** argv) {
  using namespace wmpulse;
  server::server_options o;
  o.address = "127.0.0.1";
  o.port = argc > 1 ? static_cast<std::uint16_t>(std::stoi(argv[1])) : 0;
  o.ws_init_timeout_ms = argc > 2 ? std::stoll(argv[2]) : 3000;

  auto root_of = [](std::shared_ptr<const metrics::metrics_snapshot> snapshot) {
    return std::make_shared<const std::any>(
        api::graphql_root(std::make_shared<const api::root_state>(std::move(snapshot), nullptr, nullptr)));
  };
  server::http_server srv(o);
  srv.set_graphql_ws(std::make_shared<server::graphql_service_backend>(api::make_service()));
  srv.start();
  srv.notify(root_of(std::make_shared<metrics::metrics_snapshot>()));
  std::cout << "port " << srv.port() << std::endl;

  std::atomic<bool> done{false};
  std::thread ticker([&] {
    for (std::int64_t n = 1; !done; ++n) {
      auto next = std::make_shared<metrics::metrics_snapshot>();
      next->all.active_sessions = n;
      next->all.total_connections = 2 * n;
      srv.notify(root_of(std::move(next)));
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  done = true;
  ticker.join();
  srv.stop();
}
