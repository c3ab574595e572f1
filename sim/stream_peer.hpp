#pragma once
// One open streaming WebSocket, as the registries see it (the transport lives in the server).
#include <cstdint>
#include <string>

namespace wmpulse::sim {

class stream_peer {
public:
  virtual ~stream_peer() = default;
  virtual void send(std::string text) = 0;                   // queues a text frame
  virtual void send_binary(std::string bytes) = 0;           // queues a binary frame
  virtual void close(std::uint16_t code, std::string reason) = 0;  // close handshake after queued frames
  virtual void drop() = 0;                                   // abrupt: TCP closed, no close frame
  virtual bool open() const = 0;
};

}  // namespace wmpulse::sim
