// wmpulse nodes on a real nats-server (JetStream, a temporary store, a loopback port), the
// leader following the Genesys simulator (and three nodes on a three-server NATS cluster):
// after each fault — the leader killed, a follower
// killed and restarted with the NATS server restarted meanwhile, the leader frozen (SIGSTOP)
// and thawed — every node's figures equal the simulator's ground truth, overall and per queue:
// nothing lost, nothing counted twice.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <sstream>
#include <memory>
#include <optional>
#include <thread>

#include "cluster/nats_server.hpp"
#include "support/genesys_sim.hpp"

namespace {

namespace fs = std::filesystem;
using namespace wmpulse::testing;
using namespace wmpulse::testing::genesys_sim;

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& extra) {
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

struct node {
  node(const simulator& sim, const nats_server& nats, const std::string& name, const std::vector<std::string>& extra = {})
      : node(sim, nats.url(), name, extra) {}
  node(const simulator& sim, const std::string& urls, const std::string& name, const std::vector<std::string>& extra = {})
      : proc(WMPULSE_BINARY, with(service_args(sim, {"--nats", urls, "--nats-stream", "e2e", "--node-name", name, "--lease-ttl", "2s"}), extra),
             {{"GENESYS_CLOUD_CLIENT_ID", client_id}, {"GENESYS_CLOUD_CLIENT_SECRET", client_secret}}) {
    if (auto line = proc.wait_for_line("listening on", 30s)) port = port_in_line(*line).value_or(0);
  }
  child_process proc;
  unsigned short port = 0;
};

json::object status_of(unsigned short port) {
  auto a = graphql_query(port, "{ status { role leaseHolder streamLag } realTimeMetrics { totalConnections } }");
  const auto* d = a.is_object() ? a.as_object().if_contains("data") : nullptr;
  return d && d->is_object() ? d->as_object() : json::object{};
}

std::string role_of(unsigned short port) {
  const auto s = status_of(port);
  return s.empty() ? "" : std::string(s.at("status").at("role").as_string());
}

// Bounded poll until the node at `port` says `role`.
bool becomes(unsigned short port, const std::string& role, std::chrono::seconds within = 30s) {
  for (auto until = std::chrono::steady_clock::now() + within; std::chrono::steady_clock::now() < until;) {
    if (role_of(port) == role) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

// Bounded poll until the node has counted `n` connections (the stream is under way).
void wait_for_connections(unsigned short port, double n) {
  double total = 0;
  for (auto until = std::chrono::steady_clock::now() + 60s; total < n && std::chrono::steady_clock::now() < until;) {
    const auto s = status_of(port);
    if (!s.empty()) total = s.at("realTimeMetrics").at("totalConnections").to_number<double>();
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_GE(total, n);
}

std::vector<std::string> workload() {
  return {"--seed", "14", "--queues", "3", "--rate", "60", "--speed", "20", "--duration", "4m",
          "--heartbeat-ms", "1000", "--closing-delay-ms", "2000"};
}

// The node's aggregator counters (stale, unknown, duplicate events…): what a difference needs
// to be explained.
std::string aggregator_counters(unsigned short port) {
  std::string out;
  std::istringstream lines(http_request(port, "GET", "/metrics", {}, {}, "text/plain").body);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("wmpulse_aggregator_") || line.starts_with("wmpulse_cluster_")) out += line + '\n';
  return out;
}

// Bounded poll until the node has applied the whole stream: the figures can equal the truth
// while copies the new leader sent (dropped as duplicates) are still on their way. The status
// last seen.
json::object lag_settled(unsigned short port) {
  json::object s;
  for (auto until = std::chrono::steady_clock::now() + 30s; std::chrono::steady_clock::now() < until;) {
    s = status_of(port);
    if (!s.empty() && s.at("status").at("streamLag") == json::value(0)) break;
    std::this_thread::sleep_for(100ms);
  }
  return s;
}

void expect_matches(const simulator& sim, std::initializer_list<const node*> nodes) {
  for (const auto* n : nodes) {
    SCOPED_TRACE("node on port " + std::to_string(n->port));
    const bool failed_before = ::testing::Test::HasFailure();
    expect_service_matches(sim, n->port);
    if (!failed_before && ::testing::Test::HasFailure()) std::cerr << aggregator_counters(n->port);
    const auto s = lag_settled(n->port);
    ASSERT_FALSE(s.empty());
    EXPECT_EQ(s.at("status").at("streamLag"), json::value(0)) << json::serialize(s) << '\n' << aggregator_counters(n->port);
  }
}

// A nats-server, the simulator, node "a" holding the lease and node "b" following it, the
// stream under way (b has counted `connections`).
struct two_nodes {
  temp_dir store;
  std::unique_ptr<nats_server> nats;
  std::unique_ptr<simulator> sim;
  std::unique_ptr<node> a, b;

  void start(double connections) {
    nats = std::make_unique<nats_server>(store.path);
    ASSERT_NE(nats->port, 0);
    sim = std::make_unique<simulator>(workload());
    ASSERT_NE(sim->port, 0);
    a = std::make_unique<node>(*sim, *nats, "a");
    ASSERT_TRUE(becomes(a->port, "LEADER"));
    b = std::make_unique<node>(*sim, *nats, "b");
    ASSERT_TRUE(becomes(b->port, "FOLLOWER"));
    json::value holder;
    for (auto until = std::chrono::steady_clock::now() + 10s; holder != json::value("a") && std::chrono::steady_clock::now() < until;) {
      std::this_thread::sleep_for(50ms);
      holder = status_of(b->port).at("status").at("leaseHolder");
    }
    EXPECT_EQ(holder, json::value("a"));
    wait_for_connections(b->port, connections);
  }
};

TEST(cluster_e2e, the_leader_killed_mid_stream_a_follower_takes_over_and_every_node_matches) {
  two_nodes c;
  ASSERT_NO_FATAL_FAILURE(c.start(20));
  c.a->proc.kill_hard();
  c.a.reset();
  ASSERT_TRUE(becomes(c.b->port, "LEADER", 10s)) << "no failover";
  node a2(*c.sim, *c.nats, "a2");  // the crashed machine comes back: a follower that replays the stream
  ASSERT_TRUE(becomes(a2.port, "FOLLOWER"));
  expect_matches(*c.sim, {c.b.get(), &a2});
  // The new leader took over from the newest event in the stream: its start-up recovery chose
  // the conversations open across the time without a leader, to fetch their messages.
  const auto g = graphql_query(c.b->port, "{ status { gapMessageFetches gapMessageFetchesPending } }");
  const auto& st = g.at("data").at("status");
  EXPECT_GT(st.at("gapMessageFetches").to_number<double>() + st.at("gapMessageFetchesPending").to_number<double>(), 0)
      << json::serialize(g);
}

TEST(cluster_e2e, a_follower_killed_and_restarted_and_the_nats_server_restarted_lose_nothing) {
  two_nodes c;
  ASSERT_NO_FATAL_FAILURE(c.start(15));
  c.b->proc.kill_hard();
  c.b.reset();
  // The server dies mid-stream (kill -9: what the leader had in flight to it is lost) and comes
  // back on its port with its store.
  const auto nats_port = c.nats->port;
  c.nats->proc->kill_hard();
  c.nats = std::make_unique<nats_server>(c.store.path, nats_port);
  ASSERT_EQ(c.nats->port, nats_port);
  c.b = std::make_unique<node>(*c.sim, *c.nats, "b");
  ASSERT_TRUE(becomes(c.b->port, "FOLLOWER"));
  expect_matches(*c.sim, {c.a.get(), c.b.get()});
}

TEST(cluster_e2e, a_frozen_leader_loses_the_lease_and_comes_back_as_a_follower) {
  two_nodes c;
  ASSERT_NO_FATAL_FAILURE(c.start(15));
  ASSERT_EQ(::kill(c.a->proc.pid(), SIGSTOP), 0);  // cut off from NATS (and everything else)
  const bool took_over = becomes(c.b->port, "LEADER", 10s);
  ASSERT_EQ(::kill(c.a->proc.pid(), SIGCONT), 0);
  ASSERT_TRUE(took_over) << "no failover from a frozen leader";
  ASSERT_TRUE(becomes(c.a->port, "FOLLOWER", 10s));
  expect_matches(*c.sim, {c.a.get(), c.b.get()});
}

// Three NATS servers in one cluster (the stream and the lease bucket with three replicas) and
// three wmpulse nodes: the leader killed, then one NATS server killed; the two nodes left match.
TEST(cluster_e2e, three_nodes_on_a_three_server_nats_cluster) {
  temp_dir store;
  const unsigned short routes[] = {unused_loopback_port(), unused_loopback_port(), unused_loopback_port()};
  std::vector<std::unique_ptr<nats_server>> servers;
  std::string urls;
  for (int i = 0; i < 3; ++i) {
    std::string args = "-n s" + std::to_string(i) + " --cluster_name e2e -cluster nats://127.0.0.1:" + std::to_string(routes[i]) + " -routes ";
    for (int j = 0; j < 3; ++j)
      if (j != i) args += (args.back() == ' ' ? "" : ",") + std::string("nats://127.0.0.1:") + std::to_string(routes[j]);
    servers.push_back(std::make_unique<nats_server>(store.path / ("s" + std::to_string(i)), 0, args));
    ASSERT_NE(servers.back()->port, 0);
    urls += (urls.empty() ? "" : ",") + servers.back()->url();
  }
  // JetStream answers once the three have elected a metadata leader. s0 logs "JetStream cluster
  // new metadata leader: …" when another won, "Self is new JetStream cluster metadata leader" when it did.
  ASSERT_TRUE(servers[0]->proc->wait_for_line("metadata leader", 30s));
  simulator sim(workload());
  ASSERT_NE(sim.port, 0);
  const std::vector<std::string> replicated{"--nats-replicas", "3"};
  auto a = std::make_unique<node>(sim, urls, "a", replicated);
  ASSERT_TRUE(becomes(a->port, "LEADER", 60s));
  node b(sim, urls, "b", replicated), c(sim, urls, "c", replicated);
  ASSERT_TRUE(becomes(b.port, "FOLLOWER"));
  ASSERT_TRUE(becomes(c.port, "FOLLOWER"));
  wait_for_connections(c.port, 15);
  a->proc.kill_hard();
  a.reset();
  servers[2]->proc->kill_hard();
  bool failover = false;
  for (auto until = std::chrono::steady_clock::now() + 20s; !failover && std::chrono::steady_clock::now() < until;) {
    failover = role_of(b.port) == "LEADER" || role_of(c.port) == "LEADER";
    if (!failover) std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(failover);
  expect_matches(sim, {&b, &c});
}

}  // namespace
