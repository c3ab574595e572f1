#pragma once
// A real nats-server for the cluster tests (Debian's, JetStream on, a temporary store, loopback).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace wmpulse::testing {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// nats-server -js on loopback; the first start picks a free port (-p -1, read from its log), a
// restart reuses it so the nodes' URL stays right.
// `cluster_args`: the clustering flags of one server of a NATS cluster.
struct nats_server {
  nats_server(const fs::path& store, unsigned short want_port = 0, const std::string& cluster_args = {}) {
    const std::string port_arg = want_port ? std::to_string(want_port) : "-1";
    proc = std::make_unique<child_process>(
        "/bin/sh", std::vector<std::string>{"-c", std::string("exec ") + WMPULSE_NATS_SERVER + " -js -sd '" + store.string() +
                                                      "' -a 127.0.0.1 -p " + port_arg + " " + cluster_args + " 2>&1"});
    if (auto line = proc->wait_for_line("Listening for client connections on", 30s)) {
      const auto colon = line->rfind(':');
      port = static_cast<unsigned short>(std::stoi(line->substr(colon + 1)));
    }
    // JetStream answers once the server says it is ready for connections.
    proc->wait_for_line("Server is ready", 30s);
  }
  std::string url() const { return "nats://127.0.0.1:" + std::to_string(port); }
  std::unique_ptr<child_process> proc;
  unsigned short port = 0;
};

}  // namespace wmpulse::testing
