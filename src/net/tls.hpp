#pragma once
// TLS for clients, verification always on: the peer's chain against the system store
// (or a CA file, for tests with a test CA) and its name against the host we asked for.
#include <string>

#include "net/net.hpp"

namespace wmpulse::net {

// A client context: TLS 1.2+, verify_peer; trusts ca_file when given, else the system store.
// Throws std::runtime_error when the CA file cannot be loaded.
ssl::context make_client_tls_context(const std::string& ca_file = {});

// Sets SNI (unless host is an IP literal) and the host-name check on one stream.
// Must be called before the TLS handshake.
void prepare_client_tls(beast::ssl_stream<beast::tcp_stream>& stream, const std::string& host);

}  // namespace wmpulse::net
