#pragma once
// A request or field error before it is written out: message and the byte offsets it is
// about. to_json turns offsets into graphql-js line/column pairs.
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "graphql/ast.hpp"

namespace wmpulse::graphql {

struct located_error {
  std::string message;
  std::vector<offset> at;
};

boost::json::object to_json(const located_error& e, const source_map& map);
boost::json::array to_json(const std::vector<located_error>& es, const source_map& map);
// An error about the request as a whole (no location), e.g. a limit on the body size.
boost::json::array request_error(std::string message);

}  // namespace wmpulse::graphql
