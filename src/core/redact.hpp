#pragma once
// URLs fit for a log line or an error message: whatever may carry a credential is replaced.
#include <string>
#include <string_view>

namespace wmpulse::core {

// "wss://user:pw@host/path?access_token=x#f" → "wss://***@host/path?***": user information
// and the query (where tokens travel, e.g. ?access_token=) are masked, the fragment dropped;
// scheme, host, port and path are kept so the line still says where.
std::string redact_url(std::string_view url);

}  // namespace wmpulse::core
