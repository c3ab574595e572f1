#pragma once
// TLS for clients, verification always on: the peer's chain against the system store
// (or a CA file, for tests with a test CA) and its name against the host we asked for.
#include <string>

#include "net/net.hpp"

namespace wmpulse::net {

// A client context: TLS 1.2+, verify_peer; trusts ca_file when given, else the system store.
// Throws std::runtime_error when the CA file cannot be loaded.
ssl::context make_client_tls_context(const std::string& ca_file = {});

// Sets SNI on one connection unless host is an IP literal (RFC 6066).
// Throws std::runtime_error when OpenSSL refuses it.
void set_client_sni(SSL* connection, const std::string& host);

// Sets SNI and the host-name check on one stream. Must be called before the TLS handshake.
template <class NextLayer>
void prepare_client_tls(beast::ssl_stream<NextLayer>& stream, const std::string& host) {
  set_client_sni(stream.native_handle(), host);
  // verify_peer alone checks only the chain; the name check is what binds it to the host.
  stream.set_verify_callback(ssl::host_name_verification(host));
}

}  // namespace wmpulse::net
