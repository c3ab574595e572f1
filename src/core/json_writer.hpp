#pragma once
// Writes compact JSON with numbers as people and JavaScript's JSON.stringify write them (1234.5,
// 33 and 1795860000000, not 1.2345E3, 3.3E1 and 1.79586e+12); non-finite numbers become null. The API's responses and the simulator's
// answers both go through it.
#include <string>

#include <boost/json/value.hpp>

namespace wmpulse::core {

std::string write_json(const boost::json::value& v);
void write_json(const boost::json::value& v, std::string& out);

}  // namespace wmpulse::core
