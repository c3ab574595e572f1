#pragma once
// A simulator on a manual wall clock, plus helpers to call its routes like a client.
#include <memory>
#include <string>

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "sim/simulator.hpp"
#include "sim/snapshot.hpp"
#include "fake_peer.hpp"

namespace wmpulse::sim::testing {

inline sim_options small_options() {
  sim_options o;
  o.workload.seed = 9;
  o.workload.start_ms = 1'700'000'000'000;
  o.workload.web_per_minute = 60;
  o.workload.queues = 3;
  o.speed = 60;
  return o;
}

struct sim_fixture {
  explicit sim_fixture(sim_options o = small_options()) : wall(5'000'000), sim(std::move(o), wall) {
    sim.set_stream_base("ws://127.0.0.1:1");
  }

  answer call(std::string method, std::string target, std::string body = {}, std::string auth = {}) {
    target_ = std::move(target);
    method_ = std::move(method);
    body_ = std::move(body);
    auth_ = std::move(auth);
    net::http_request_view v;
    v.method = method_;
    v.target = target_;
    v.body = body_;
    v.header = [this](std::string_view name) {
      return name == "authorization" ? std::string_view(auth_) : std::string_view();
    };
    return sim.handle(v, role_all);
  }

  std::string login() {
    // base64("wmpulse-sim-client:wmpulse-sim-secret")
    const auto a = call("POST", "/oauth/token", "grant_type=client_credentials",
                        "Basic d21wdWxzZS1zaW0tY2xpZW50OndtcHVsc2Utc2ltLXNlY3JldA==");
    return std::string(boost::json::parse(a.body).at("access_token").as_string());
  }

  answer api(std::string method, std::string target, std::string body = {}) {
    if (token.empty()) token = login();
    return call(std::move(method), std::move(target), std::move(body), "Bearer " + token);
  }

  std::string create_channel() {
    return std::string(boost::json::parse(api("POST", "/api/v2/notifications/channels").body).at("id").as_string());
  }

  std::string topic(std::size_t queue = 0) { return queue_topic(sim.line().work().queues().at(queue).id); }

  std::shared_ptr<fake_peer> connect(const std::string& channel_id) {
    auto peer = std::make_shared<fake_peer>();
    unsigned status = 0;
    if (!sim.accept_channel_socket(channel_id, peer, status)) return nullptr;
    return peer;
  }

  core::manual_clock wall;
  simulator sim;
  std::string token;

private:
  std::string method_, target_, body_, auth_;
};

inline std::string subscription_body(const std::vector<std::string>& topics) {
  boost::json::array a;
  for (const auto& t : topics) a.push_back(boost::json::object{{"id", t}});
  return boost::json::serialize(a);
}

}  // namespace wmpulse::sim::testing
