#pragma once
// Users and tokens for the access tests: crypt(3) hashes made at the lowest bcrypt cost and a
// light yescrypt, so that a test takes milliseconds.
#include <crypt.h>

#include <stdexcept>
#include <string>

#include "net/http_auth.hpp"
#include "server/access.hpp"

namespace wmpulse::server::testing {

inline constexpr const char* viewer_token = "viewer-token-4f1c9e0b7a2d";
inline constexpr const char* metrics_token = "metrics-token-9d3e1a6c5b80";

// crypt(3) of `password` with a fresh setting of `prefix` ("$2b$", "$y$") at `cost`.
inline std::string crypt_hash(const std::string& password, const char* prefix, unsigned long cost) {
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  if (!crypt_gensalt_rn(prefix, cost, nullptr, 0, setting, sizeof setting)) throw std::runtime_error("crypt_gensalt_rn");
  crypt_data data{};
  const char* out = crypt_rn(password.c_str(), setting, &data, sizeof data);
  if (!out || out[0] == '*') throw std::runtime_error("crypt_rn");
  return out;
}

inline std::string basic(const std::string& user, const std::string& password) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string in = user + ":" + password;
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    if (i + 2 < in.size()) v |= static_cast<unsigned char>(in[i + 2]);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? alphabet[(v >> 6) & 63] : '=';
    out += i + 2 < in.size() ? alphabet[v & 63] : '=';
  }
  return "Basic " + out;
}

inline std::string bearer(const std::string& token) { return "Bearer " + token; }

// ada: viewer (bcrypt); yves: viewer and metrics (yescrypt); one token per role.
inline access_config test_access_config() {
  static const std::string ada = crypt_hash("ada-password", "$2b$", 4);
  static const std::string yves = crypt_hash("yves-password", "$y$", 1);
  access_config c;
  c.users.push_back({"ada", ada, bit(role::viewer)});
  c.users.push_back({"yves", yves, bit(role::viewer) | bit(role::metrics)});
  c.tokens.push_back({"dashboard", net::sha256_hex(viewer_token), bit(role::viewer)});
  c.tokens.push_back({"prometheus", net::sha256_hex(metrics_token), bit(role::metrics)});
  return c;
}

}  // namespace wmpulse::server::testing
