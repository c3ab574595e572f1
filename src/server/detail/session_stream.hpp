#pragma once
// What a session does to its stream besides reading and writing: deadlines and ending the
// sending side. The server's stream is beast::tcp_stream; the tests drive the same sessions over
// beast::test::stream, which has no deadlines (it never times out) and no half-close (its
// close() is the nearest: the peer reads what was sent, then the end of the stream).
// Closing both ways is the stream's own close() on either.
#include <chrono>

#include "server/detail/server_state.hpp"

namespace wmpulse::server::detail {

// Over TLS (beast::ssl_stream) each acts on the TCP stream beneath.
template <class Stream>
void set_deadline(Stream& stream, std::chrono::steady_clock::duration after) {
  auto& tcp_layer = beast::get_lowest_layer(stream);
  if constexpr (requires { tcp_layer.expires_after(after); }) tcp_layer.expires_after(after);
}

template <class Stream>
void clear_deadline(Stream& stream) {
  auto& tcp_layer = beast::get_lowest_layer(stream);
  if constexpr (requires { tcp_layer.expires_never(); }) tcp_layer.expires_never();
}

// Over TLS this ends the TCP sending side without a close_notify: the answer was framed by its
// length, so the client has all of it.
template <class Stream>
void end_sending(Stream& stream) {
  auto& tcp_layer = beast::get_lowest_layer(stream);
  if constexpr (requires { tcp_layer.socket(); }) {
    beast::error_code ignored;
    tcp_layer.socket().shutdown(tcp::socket::shutdown_send, ignored);
  } else {
    tcp_layer.close();
  }
}

}  // namespace wmpulse::server::detail
