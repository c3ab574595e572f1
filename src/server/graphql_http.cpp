#include "server/graphql_http.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include "core/json_writer.hpp"

namespace wmpulse::server {
namespace {

constexpr std::string_view graphql_response_json = "application/graphql-response+json";
constexpr std::string_view application_json = "application/json";

enum class media : unsigned char { graphql_response_json, json };

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct media_range {
  std::string type;  // lower case, without parameters
  std::string charset;
  double q = 1;
};

std::vector<media_range> parse_header_list(std::string_view header) {
  std::vector<media_range> out;
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    media_range r;
    const auto semi = item.find(';');
    r.type = lower(trim(item.substr(0, semi)));
    std::string_view params = semi == std::string_view::npos ? std::string_view{} : item.substr(semi + 1);
    while (!params.empty()) {
      const auto next = params.find(';');
      const std::string_view p = trim(params.substr(0, next));
      params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
      const auto eq = p.find('=');
      if (eq == std::string_view::npos) continue;
      const std::string name = lower(trim(p.substr(0, eq)));
      std::string_view value = trim(p.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      if (name == "q") r.q = std::strtod(std::string(value).c_str(), nullptr);
      if (name == "charset") r.charset = lower(value);
    }
    if (!r.type.empty()) out.push_back(std::move(r));
  }
  return out;
}

// The media type to answer with, or nullopt when the client accepts neither.
std::optional<media> negotiate(std::string_view accept) {
  if (trim(accept).empty()) return media::json;
  double best_q = 0;
  std::optional<media> best;
  for (const auto& r : parse_header_list(accept)) {
    if (r.charset.size() && r.charset != "utf-8") continue;
    std::optional<media> m;
    if (r.type == graphql_response_json) m = media::graphql_response_json;
    else if (r.type == application_json || r.type == "application/*" || r.type == "*/*") m = media::json;
    if (m && r.q > best_q) {
      best_q = r.q;
      best = m;
    }
  }
  return best;
}

double quality_of(std::string_view accept, std::string_view type) {
  double q = 0;
  for (const auto& r : parse_header_list(accept))
    if (r.type == type) q = std::max(q, r.q);
  return q;
}

http_answer json_answer(unsigned status, media m, const boost::json::value& body) {
  http_answer a;
  a.status = status;
  a.content_type = std::string(m == media::json ? application_json : graphql_response_json) + "; charset=utf-8";
  a.body = core::write_json(body);
  a.headers.emplace_back("Cache-Control", "no-store");
  return a;
}

http_answer request_failure(unsigned status, media m, std::string message) {
  return json_answer(status, m, boost::json::object{{"errors", graphql::request_errors{boost::json::object{{"message", std::move(message)}}}}});
}

struct graphql_params {
  std::string query;
  std::optional<std::string> operation_name;
  boost::json::object variables;
};

// The parameters of a GET query string or a POST body, or the message of a 400.
std::optional<std::string> read_params(const boost::json::object& in, graphql_params& out) {
  auto q = in.find("query");
  if (q == in.end() || !q->value().is_string()) return std::string("The request must have a \"query\" string.");
  out.query = q->value().get_string();
  if (auto it = in.find("operationName"); it != in.end() && !it->value().is_null()) {
    if (!it->value().is_string()) return std::string("\"operationName\" must be a string or null.");
    out.operation_name = std::string(it->value().get_string());
  }
  if (auto it = in.find("variables"); it != in.end() && !it->value().is_null()) {
    if (!it->value().is_object()) return std::string("\"variables\" must be an object or null.");
    out.variables = it->value().get_object();
  }
  if (auto it = in.find("extensions"); it != in.end() && !it->value().is_null() && !it->value().is_object())
    return std::string("\"extensions\" must be an object or null.");
  return std::nullopt;
}

// A GET's query string as the JSON object a POST body would hold.
std::optional<std::string> query_string_params(std::string_view target, boost::json::object& out) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return std::string("The request target is not a valid URL.");
  for (const auto& p : url->params()) {
    if (p.key == "query" || p.key == "operationName") {
      out[p.key] = p.value;
    } else if (p.key == "variables" || p.key == "extensions") {
      boost::system::error_code ec;
      auto v = boost::json::parse(p.value, ec);
      if (ec) return "\"" + p.key + "\" is not valid JSON.";
      out[p.key] = std::move(v);
    }
  }
  return std::nullopt;
}

// Everything the answer depends on besides the root, in this thread's buffer: a lookup that
// finds its answer allocates nothing for the key.
std::string_view reuse_key(const http_request_view& r) {
  thread_local std::string key;
  const auto accept = r.header("Accept"), type = r.header("Content-Type");
  key.clear();
  key.append(r.method).append(1, '\n').append(accept).append(1, '\n').append(type).append(1, '\n');
  key.append(r.target).append(1, '\n').append(r.body);
  return key;
}

}  // namespace

graphql_http_handler::graphql_http_handler(const graphql::service& service, root_provider root, options o)
    : service_(service), root_(std::move(root)), options_(o) {}

route_lane graphql_http_handler::lane_of(const http_request_view& request, std::size_t light_max_bytes) {
  return request.body.size() + request.target.size() > light_max_bytes ? route_lane::heavy : route_lane::light;
}

bool graphql_http_handler::wants_html(const http_request_view& request) {
  if (request.method != "GET") return false;
  const std::string_view accept = request.header("Accept");
  const double html = quality_of(accept, "text/html");
  return html > 0 && html >= quality_of(accept, application_json) && html >= quality_of(accept, graphql_response_json);
}

http_answer graphql_http_handler::handle(const http_request_view& request) const {
  auto root = root_();
  if (request.body.size() + request.target.size() > options_.reuse_max_request_bytes) return answer(request, root);
  const auto key = reuse_key(request);
  if (auto reused = cache_->find(root, key)) return std::move(*reused);
  std::string stored_key(key);  // the buffer is this thread's: copied before anything else runs
  auto a = answer(request, root);
  http_answer kept = a;
  share_body(kept);
  cache_->store(root, std::move(stored_key), kept);
  return a;
}

std::optional<http_answer> graphql_http_handler::kept_answer(const http_request_view& request) const {
  if (request.body.size() + request.target.size() > options_.reuse_max_request_bytes) return std::nullopt;
  return cache_->find(root_(), reuse_key(request));
}

http_answer graphql_http_handler::answer(const http_request_view& request, const published_root& root) const {
  const bool is_get = request.method == "GET", is_post = request.method == "POST";
  const auto accepted = negotiate(request.header("Accept"));
  const media m = accepted.value_or(media::json);
  if (!is_get && !is_post) {
    auto a = request_failure(405, m, "GraphQL is served over GET and POST only.");
    a.headers.emplace_back("Allow", "GET, POST");
    return a;
  }
  if (!accepted)
    return request_failure(406, media::json, "Accept application/graphql-response+json or application/json.");
  boost::json::object raw;
  if (is_post) {
    const auto types = parse_header_list(request.header("Content-Type"));
    if (types.empty() || types.front().type != application_json || (!types.front().charset.empty() && types.front().charset != "utf-8"))
      return request_failure(415, m, "POST bodies must be application/json (UTF-8).");
    if (request.body.size() > options_.max_body_bytes)
      return request_failure(413, m, "The request body is larger than the limit of " + std::to_string(options_.max_body_bytes) + " bytes.");
    boost::system::error_code ec;
    auto body = boost::json::parse(request.body, ec);
    if (ec || !body.is_object()) return request_failure(400, m, "The request body must be a JSON object.");
    raw = std::move(body.get_object());
  } else if (auto problem = query_string_params(request.target, raw)) {
    return request_failure(400, m, *problem);
  }
  graphql_params params;
  if (auto problem = read_params(raw, params)) return request_failure(400, m, *problem);

  const unsigned request_error_status = m == media::json ? 200 : 400;
  auto prepared = service_.prepare(params.query);
  if (!prepared.ok()) return json_answer(request_error_status, m, boost::json::object{{"errors", prepared.error()}});
  std::optional<std::string_view> name;
  if (params.operation_name) name = *params.operation_name;
  auto op = service_.select_operation(*prepared.value(), name);
  if (!op.ok()) return json_answer(request_error_status, m, boost::json::object{{"errors", op.error()}});
  if (is_get && op.value().kind == graphql::operation_kind::mutation) {
    auto a = request_failure(405, m, "Mutations are not allowed over GET; use POST.");
    a.headers.emplace_back("Allow", "POST");
    return a;
  }
  if (op.value().kind == graphql::operation_kind::subscription)
    return request_failure(request_error_status, m, "Subscriptions are served over WebSocket (graphql-transport-ws) at this path.");
  auto result = service_.execute(*prepared.value(), name, params.variables, root_value(root));
  return json_answer(result.request_error ? request_error_status : 200, m, result.body);
}

}  // namespace wmpulse::server
