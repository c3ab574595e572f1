#pragma once
// A GraphQL backend for the server tests: no engine, just enough behaviour to exercise the
// protocol and the fan-out. The "value" it returns is whatever the test sets.
#include <any>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "server/graphql_ws_backend.hpp"
#include "server/graphql_ws_connection.hpp"
#include "server/subscription_hub.hpp"

namespace wmpulse::server::testing {

// Query texts it understands:
//   "subscription …"  a subscription; "{ … }" a query; containing "SYNTAX" → an error list;
//   variables {"bad": true} → execution is a request error (no data).
// The value is the root's when the root holds a long (value_root), `value` otherwise.
class fake_backend final : public graphql_ws_backend {
public:
  std::atomic<long> value{1};
  std::atomic<int> executions{0};
  std::string payload_padding;  // makes results big (slow-reader tests)
  // Runs in every execution, with the query text and the value it returns (e.g. to hold one
  // at a gate).
  std::function<void(const std::string& query, long value)> on_execute;

  std::optional<boost::json::object> accept(const boost::json::object* init) override {
    if (init && init->contains("deny")) return std::nullopt;
    if (init && init->contains("greet")) return boost::json::object{{"hello", "client"}};
    return boost::json::object{};
  }

  core::result<ws_operation, boost::json::array> prepare(const ws_request& r) override {
    if (r.query.find("SYNTAX") != std::string::npos) {
      return core::failure{boost::json::array{
          boost::json::object{{"message", "Syntax Error"}, {"locations", boost::json::array{boost::json::object{{"line", 1}, {"column", 34}}}}}}};
    }
    ws_operation op;
    op.subscription = r.query.rfind("subscription", 0) == 0;
    op.key = r.query + '\n' + r.operation_name.value_or("") + '\n' + boost::json::serialize(r.variables);
    bool bad = r.variables.contains("bad");
    op.execute = [this, bad, name = r.operation_name.value_or(""), query = r.query](const std::any& root) {
      ++executions;
      const long* from_root = std::any_cast<long>(&root);
      const long v = from_root ? *from_root : value.load();
      if (on_execute) on_execute(query, v);
      if (bad) return boost::json::object{{"errors", boost::json::array{boost::json::object{{"message", "bad variable"}}}}};
      boost::json::object data{{"value", v}};
      if (!payload_padding.empty()) data["padding"] = payload_padding;
      if (!name.empty()) data["name"] = name;
      return boost::json::object{{"data", std::move(data)}};
    };
    return op;
  }
};

// A published root whose value the fake backend returns.
inline published_root value_root(long v) { return std::make_shared<const std::any>(v); }

// Records what a connection sends, and the payloads the hub offers.
class fake_socket final : public ws_transport, public next_sink {
public:
  std::vector<std::string> frames;
  std::optional<ws_close> closed_with;
  std::string close_reason;
  std::vector<std::pair<std::string, std::shared_ptr<const std::string>>> offers;
  std::vector<std::string> forgotten;
  mutable std::mutex mutex;

  void send(std::string frame) override {
    std::lock_guard l(mutex);
    frames.push_back(std::move(frame));
  }
  void close(ws_close code, std::string_view reason) override {
    closed_with = code;
    close_reason = reason;
  }
  void forget(const std::string& id) override { forgotten.push_back(id); }
  std::vector<std::uint64_t> serials;
  void offer(const std::string& id, std::uint64_t serial, std::shared_ptr<const std::string> payload) override {
    std::lock_guard l(mutex);
    offers.emplace_back(id, std::move(payload));
    serials.push_back(serial);
  }
  boost::json::object frame(std::size_t i) const { return boost::json::parse(frames.at(i)).as_object(); }
};

}  // namespace wmpulse::server::testing
