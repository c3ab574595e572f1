#pragma once
// WebSocket by hand over a raw socket, for clients that misbehave in ways a library would not
// let them: never reading (the service's drop is seen with poll, without reading a byte),
// frames of any size. Text frames only, masked as a client must.
#include <string>
#include <string_view>
#include <vector>

#include "support/raw_socket.hpp"

namespace wmpulse::testing {

// Connects and upgrades on /graphql offering graphql-transport-ws; the socket is invalid when
// the answer was not 101 within the timeout. Bytes after the 101 header are left unread.
socket_fd raw_ws_open(unsigned short port, const connect_options& o = {});

// One masked text frame holding `payload`.
std::string ws_text_frame(std::string_view payload);

// How many of the sockets the peer has closed or reset, seen without reading what it sent;
// waits until all of them are or the deadline. A peer that closes with data still queued for
// a reader that does not read cannot send its FIN: see drained_until_closed.
std::size_t peers_gone(const std::vector<socket_fd>& sockets, std::chrono::milliseconds timeout);
// Reads (and discards) from every socket until all of them were closed by the peer or the
// deadline; how many were.
std::size_t drained_until_closed(const std::vector<socket_fd>& sockets, std::chrono::milliseconds timeout);

// The code of the first close frame among the server's (unmasked) frames in `bytes`; 0 when none.
unsigned close_code_in(std::string_view bytes);

}  // namespace wmpulse::testing
