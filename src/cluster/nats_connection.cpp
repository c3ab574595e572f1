#include "cluster/nats_connection.hpp"

#include <nats/nats.h>

#include <memory>
#include <stdexcept>

#include "core/log.hpp"

namespace wmpulse::cluster {
namespace {

void check(natsStatus s, const std::string& what) {
  if (s != NATS_OK) throw std::runtime_error("NATS: " + what + ": " + nats_error(s));
}

struct options_deleter {
  void operator()(natsOptions* o) const { natsOptions_Destroy(o); }
};

}  // namespace

std::string nats_error(int status) {
  std::string text = natsStatus_GetText(static_cast<natsStatus>(status));
  if (const char* last = nats_GetLastError(nullptr); last && *last && text.find(last) == std::string::npos)
    text += " (" + std::string(last) + ")";
  return text;
}

nats_connection::nats_connection(const nats_options& o) {
  if (o.servers.empty()) throw std::runtime_error("NATS: no server URL");
  natsOptions* raw = nullptr;
  check(natsOptions_Create(&raw), "options");
  std::unique_ptr<natsOptions, options_deleter> opts(raw);
  std::vector<const char*> urls;
  for (const auto& s : o.servers) urls.push_back(s.c_str());
  check(natsOptions_SetServers(raw, urls.data(), static_cast<int>(urls.size())), "server list");
  check(natsOptions_SetName(raw, o.name.c_str()), "name");
  check(natsOptions_SetMaxReconnect(raw, -1), "reconnects");
  check(natsOptions_SetReconnectWait(raw, 500), "reconnect wait");
  check(natsOptions_SetTimeout(raw, o.request_timeout_ms), "timeout");
  if (!o.ca_file.empty()) {
    check(natsOptions_SetSecure(raw, true), "TLS");
    check(natsOptions_LoadCATrustedCertificates(raw, o.ca_file.c_str()), "CA file " + o.ca_file);
  }
  if (!o.credentials_file.empty())
    check(natsOptions_SetUserCredentialsFromFiles(raw, o.credentials_file.c_str(), nullptr),
          "credentials file " + o.credentials_file);
  check(natsOptions_SetDisconnectedCB(
            raw, [](natsConnection*, void* self) {
              static_cast<nats_connection*>(self)->connected_.store(false);
              core::log_warn("cluster", "disconnected from NATS; reconnecting");
            },
            this),
        "callbacks");
  check(natsOptions_SetReconnectedCB(
            raw, [](natsConnection*, void* self) {
              auto* c = static_cast<nats_connection*>(self);
              c->connected_.store(true);
              c->reconnects_.fetch_add(1);
              core::log_info("cluster", "reconnected to NATS");
            },
            this),
        "callbacks");
  // The server URLs may hold a user and password: the message names the count, not the URLs.
  check(natsConnection_Connect(&nc_, raw), "connecting to " + std::to_string(o.servers.size()) + " server(s)");
  connected_.store(true);
  jsOptions jo;
  jsOptions_Init(&jo);
  jo.Wait = o.request_timeout_ms;
  const auto s = natsConnection_JetStream(&js_, nc_, &jo);
  if (s != NATS_OK) {
    natsConnection_Destroy(nc_);
    check(s, "JetStream context");
  }
}

nats_connection::~nats_connection() {
  if (nc_) natsConnection_Close(nc_);
  jsCtx_Destroy(js_);
  natsConnection_Destroy(nc_);
}

}  // namespace wmpulse::cluster
