#include "net/tls.hpp"

#include <openssl/ssl.h>

#include <stdexcept>

namespace wmpulse::net {

ssl::context make_client_tls_context(const std::string& ca_file) {
  ssl::context ctx{ssl::context::tls_client};
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  ctx.set_verify_mode(ssl::verify_peer);
  boost::system::error_code ec;
  if (ca_file.empty()) ctx.set_default_verify_paths(ec);
  else ctx.load_verify_file(ca_file, ec);
  if (ec) throw std::runtime_error("cannot load TLS trust store " + (ca_file.empty() ? "(system)" : ca_file) +
                                   ": " + ec.message());
  return ctx;
}

void set_client_sni(SSL* connection, const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  if (!ec) return;  // an IP literal: no SNI
  if (!SSL_set_tlsext_host_name(connection, host.c_str())) throw std::runtime_error("cannot set TLS SNI for " + host);
}

}  // namespace wmpulse::net
