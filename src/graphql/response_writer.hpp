#pragma once
// Writes a response as compact JSON, with numbers as people and JavaScript write them
// (1234.5, not 1.2345E3); non-finite numbers become null.
#include <string>

#include <boost/json/value.hpp>

namespace wmpulse::graphql {

std::string write_json(const boost::json::value& v);
void write_json(const boost::json::value& v, std::string& out);

}  // namespace wmpulse::graphql
