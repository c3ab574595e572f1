#pragma once
// TLS for clients, verification always on: the peer's chain against the system store
// (or a CA file, for tests with a test CA) and its name against the host we asked for.
#include <memory>
#include <string>
#include <string_view>

#include "net/net.hpp"

namespace wmpulse::net {

// A client context: TLS 1.2+, verify_peer; trusts ca_file when given, else the system store.
// Throws std::runtime_error when the CA file cannot be loaded.
ssl::context make_client_tls_context(const std::string& ca_file = {});

// A server context: TLS 1.2+, presenting `chain_pem` (the leaf first, then intermediates) with
// `key_pem`. Throws std::runtime_error naming `what` (never the key) when OpenSSL refuses them.
std::shared_ptr<ssl::context> make_server_tls_context(std::string_view chain_pem, std::string_view key_pem,
                                                      const std::string& what = "the TLS certificate");
// The same from PEM files (read whole at each call: a renewed pair is picked up by calling again).
std::shared_ptr<ssl::context> load_server_tls_context(const std::string& cert_file, const std::string& key_file);

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
