// GET /api/v2/routing/queues (paged) and GET /api/v2/routing/queues/{id}.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "sim/routes.hpp"
#include "sim/simulator.hpp"

namespace wmpulse::sim {
namespace json = boost::json;
namespace {

json::object render_queue(const sim_queue& q) {
  return json::object{{"id", q.id},
                      {"name", q.name},
                      {"division", json::object{{"id", "00000000-0000-4000-8000-00000000d1v1"}, {"name", "Home"}}},
                      {"mediaSettings", json::object{{"message", json::object{{"alertingTimeoutSeconds", 30}}}}},
                      {"selfUri", "/api/v2/routing/queues/" + q.id}};
}

bool int_param(std::string_view query, std::string_view name, int fallback, int& out) {
  std::string text;
  out = fallback;
  if (!query_param(query, name, text)) return true;
  try {
    std::size_t used = 0;
    out = std::stoi(text, &used);
    return used == text.size();
  } catch (...) {
    return false;
  }
}

std::string page_uri(int size, int number) {
  return "/api/v2/routing/queues?pageSize=" + std::to_string(size) + "&pageNumber=" + std::to_string(number);
}

}  // namespace

answer route_queues(simulator& sim, const net::http_request_view& r) {
  if (r.method != "GET") return genesys_error(405, "method.not.allowed", "Method not allowed");
  const auto& queues = sim.line().work().queues();
  constexpr std::string_view prefix = "/api/v2/routing/queues/";
  if (r.path().starts_with(prefix)) {
    const auto* q = sim.line().work().find_queue(r.path().substr(prefix.size()));
    if (!q) return genesys_error(404, "not.found", "Queue not found");
    return json_answer(200, render_queue(*q));
  }
  if (r.path() != "/api/v2/routing/queues") return genesys_error(404, "not.found", "The requested resource was not found.");
  int size = 0, number = 0;
  if (!int_param(r.query(), "pageSize", 25, size) || !int_param(r.query(), "pageNumber", 1, number) || size < 1 ||
      size > 500 || number < 1)
    return genesys_error(400, "bad.request", "pageSize must be 1..500 and pageNumber >= 1");
  std::string name;
  const bool by_name = query_param(r.query(), "name", name);
  json::array entities;
  std::size_t total = 0;
  for (const auto& q : queues) {
    if (by_name && q.name != name) continue;
    const std::size_t pos = total++;
    if (pos >= std::size_t(number - 1) * size && pos < std::size_t(number) * size) entities.push_back(render_queue(q));
  }
  const int pages = int((total + std::size_t(size) - 1) / std::size_t(size));
  json::object body{{"entities", std::move(entities)}, {"pageSize", size},          {"pageNumber", number},
                    {"total", total},                  {"pageCount", pages},        {"firstUri", page_uri(size, 1)},
                    {"selfUri", page_uri(size, number)}, {"lastUri", page_uri(size, std::max(pages, 1))}};
  if (number < pages) body["nextUri"] = page_uri(size, number + 1);
  if (number > 1) body["previousUri"] = page_uri(size, number - 1);
  return json_answer(200, body);
}

}  // namespace wmpulse::sim
