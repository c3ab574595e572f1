#pragma once
// A stream_peer that records what the simulator sends, for tests without sockets.
#include <string>
#include <vector>

#include "sim/stream_peer.hpp"

namespace wmpulse::sim::testing {

class fake_peer : public stream_peer {
public:
  void send(std::string text) override { if (open()) texts.push_back(std::move(text)); }
  void send_binary(std::string bytes) override { if (open()) binaries.push_back(std::move(bytes)); }
  void close(std::uint16_t code, std::string reason) override {
    if (!open()) return;
    closed = true;
    close_code = code;
    close_reason = std::move(reason);
  }
  void drop() override { dropped = true; }
  bool open() const override { return !closed && !dropped; }

  std::vector<std::string> texts;
  std::vector<std::string> binaries;
  bool closed = false;
  bool dropped = false;
  std::uint16_t close_code = 0;
  std::string close_reason;
};

}  // namespace wmpulse::sim::testing
