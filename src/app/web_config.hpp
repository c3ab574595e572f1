#pragma once
// The web configuration file (--web-config-file): who may read what, as server::access_config.
// TOML like the service's config file (one syntax and one parser for operators); the shape
// follows Prometheus exporter-toolkit's web config, with roles added:
//
//   [[users]]                      # HTTP Basic
//   name = "ada"
//   password_hash = "$2y$10$…"     # htpasswd -nBC 10 ada | cut -d: -f2   (or mkpasswd -m yescrypt)
//   roles = ["viewer"]
//
//   [[tokens]]                     # Authorization: Bearer <token>
//   name = "prometheus"            # a label for the operator
//   sha256 = "9f86d0…"             # printf %s "$TOKEN" | sha256sum
//   roles = ["metrics"]
//
// Unknown keys, missing ones and bad values are errors naming the file and the entry; the
// error never holds a hash or a token.
#include <string>

#include "core/result.hpp"
#include "server/access.hpp"

namespace wmpulse::app {

core::result<server::access_config, std::string> read_web_config(const std::string& path);

}  // namespace wmpulse::app
