#pragma once
// The pieces of HTTP authentication shared by the service's access check and the simulator's
// login route: reading an Authorization header, and comparing secrets without leaking where
// they differ through timing.
#include <optional>
#include <string>
#include <string_view>

namespace wmpulse::net {

struct basic_credentials {
  std::string user;
  std::string password;
};

// "Basic base64(user:password)" (scheme case-insensitive, RFC 7617); nullopt when the header
// is another scheme or malformed.
std::optional<basic_credentials> parse_basic_authorization(std::string_view header);
// "Bearer <token>" (scheme case-insensitive, RFC 6750); nullopt otherwise or when empty.
std::optional<std::string_view> parse_bearer_authorization(std::string_view header);

// Standard base64 (padding optional); false on a character outside the alphabet.
bool base64_decode(std::string_view in, std::string& out);

// Equal contents, in time that depends only on the lengths (OpenSSL's CRYPTO_memcmp).
bool constant_time_equal(std::string_view a, std::string_view b);

// The SHA-256 of `data` as 64 lowercase hex digits (`sha256sum`'s output).
std::string sha256_hex(std::string_view data);

}  // namespace wmpulse::net
