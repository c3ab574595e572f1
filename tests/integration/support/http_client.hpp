#pragma once
// A minimal blocking HTTP/1.1 client for tests against loopback servers.
#include <string>

#include <boost/json/value.hpp>

namespace wmpulse::testing {

struct http_reply {
  unsigned status = 0;
  std::string content_type;
  std::string body;
};

http_reply http_request(unsigned short port, const std::string& method, const std::string& target,
                        const std::string& body = {}, const std::string& content_type = "application/json",
                        const std::string& accept = "application/json");

// POSTs {"query": query} to /graphql and returns the parsed JSON body (null on failure).
boost::json::value graphql_query(unsigned short port, const std::string& query);

}  // namespace wmpulse::testing
