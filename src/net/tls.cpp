#include "net/tls.hpp"

#include <openssl/ssl.h>

#include <fstream>
#include <iterator>
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

std::shared_ptr<ssl::context> make_server_tls_context(std::string_view chain_pem, std::string_view key_pem,
                                                      const std::string& what) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  ctx->use_certificate_chain(asio::buffer(chain_pem.data(), chain_pem.size()), ec);
  if (ec) throw std::runtime_error("cannot use " + what + ": " + ec.message());
  ctx->use_private_key(asio::buffer(key_pem.data(), key_pem.size()), ssl::context::pem, ec);
  if (ec) throw std::runtime_error("cannot use the private key of " + what + ": " + ec.message());
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1)
    throw std::runtime_error("the private key does not match " + what);
  return ctx;
}

std::shared_ptr<ssl::context> load_server_tls_context(const std::string& cert_file, const std::string& key_file) {
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    return std::string{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  };
  return make_server_tls_context(read(cert_file), read(key_file), cert_file);
}

void set_client_sni(SSL* connection, const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  if (!ec) return;  // an IP literal: no SNI
  if (!SSL_set_tlsext_host_name(connection, host.c_str())) throw std::runtime_error("cannot set TLS SNI for " + host);
}

}  // namespace wmpulse::net
