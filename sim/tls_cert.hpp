#pragma once
// A test CA generated at start with OpenSSL: an EC P-256 CA certificate and a leaf for
// DNS:localhost and IP:127.0.0.1 signed by it. Clients trust ca_pem and verify as usual.
#include <memory>
#include <string>

#include "net/net.hpp"

namespace wmpulse::sim {

struct test_pki {
  std::string ca_pem;
  std::string leaf_pem;
  std::string leaf_key_pem;
};

// Throws std::runtime_error when OpenSSL fails.
test_pki generate_test_pki();

// A TLS 1.2+ server context presenting the leaf (chained to the CA).
std::shared_ptr<net::ssl::context> make_server_tls_context(const test_pki& pki);

}  // namespace wmpulse::sim
