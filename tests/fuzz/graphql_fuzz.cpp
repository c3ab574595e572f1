// libFuzzer target: parse + validate + execute against the wmpulse schema. The input is a
// query; an optional NUL byte separates it from a JSON object of variables and an operation
// name on the line after the JSON ("{…}\nName"). Any crash, sanitizer report or exception
// escaping the service is a bug: bad input must come back as GraphQL errors.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json/parse.hpp>

#include "api/api.hpp"
#include "core/json_writer.hpp"
#include "fuzz_root.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  wmpulse::graphql::limits l;
  l.cache_entries = 0;  // every input goes through parse and validate
  static const auto service = wmpulse::api::make_service(l);
  static const std::any root(wmpulse::fuzz::sample_root());

  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto nul = input.find('\0');
  const std::string_view query = input.substr(0, nul);
  boost::json::object variables;
  std::optional<std::string_view> operation;
  if (nul != std::string_view::npos) {
    std::string_view rest = input.substr(nul + 1);
    const auto newline = rest.find('\n');
    if (newline != std::string_view::npos) operation = rest.substr(newline + 1);
    boost::system::error_code ec;
    auto v = boost::json::parse(rest.substr(0, newline), ec);
    if (!ec && v.is_object()) variables = std::move(v.get_object());
  }

  auto prepared = service->prepare(query);
  if (!prepared.ok()) return 0;
  auto op = service->select_operation(*prepared.value(), operation);
  if (!op.ok()) return 0;
  auto result = service->execute(*prepared.value(), operation, variables, root);
  (void)wmpulse::core::write_json(result.body);
  return 0;
}
