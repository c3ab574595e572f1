#pragma once
// What a session does to its stream besides reading and writing: deadlines and ending the
// sending side. The server's stream is beast::tcp_stream; the tests drive the same sessions over
// beast::test::stream, which has no deadlines (it never times out) and no half-close (its
// close() is the nearest: the peer reads what was sent, then the end of the stream).
// Closing both ways is the stream's own close() on either.
#include <chrono>

#include "server/detail/server_state.hpp"

namespace wmpulse::server::detail {

template <class Stream>
void set_deadline(Stream& stream, std::chrono::steady_clock::duration after) {
  if constexpr (requires { stream.expires_after(after); }) stream.expires_after(after);
}

template <class Stream>
void clear_deadline(Stream& stream) {
  if constexpr (requires { stream.expires_never(); }) stream.expires_never();
}

template <class Stream>
void end_sending(Stream& stream) {
  if constexpr (requires { stream.socket(); }) {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  } else {
    stream.close();
  }
}

}  // namespace wmpulse::server::detail
