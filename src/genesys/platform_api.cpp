#include "genesys/platform_api.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "core/iso8601.hpp"
#include "genesys/json_number.hpp"

namespace wmpulse::genesys {
namespace json = boost::json;
namespace {

using fail = core::failure<api_error>;

// Paging stops here whatever pageCount says: a peer cannot keep a listing going for ever.
constexpr std::int64_t max_pages = 10'000;

// Every byte but RFC 3986's unreserved ones as %XX: safe as a query value.
std::string percent_encode(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// Genesys' error body says why (ErrorBody.message, facts §3); capped, it is shown in status.
std::string reason_of(const http_response& r) {
  constexpr std::size_t max_reason = 200;
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  if (ec || !v.is_object()) return {};
  const auto* m = v.get_object().if_contains("message");
  if (!m || !m->is_string()) return {};
  std::string text(m->get_string().subview().substr(0, max_reason));
  return ": " + text;
}

api_error unexpected(const http_response& r, std::string_view what) {
  return api_error{false, r.status, std::string(what) + ": HTTP " + std::to_string(r.status) + reason_of(r)};
}

core::result<json::object, api_error> json_object(const http_response& r, std::string_view what) {
  if (r.status / 100 != 2) return fail{unexpected(r, what)};
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  if (ec || !v.is_object()) return fail{api_error{false, r.status, std::string(what) + ": response is not a JSON object"}};
  return std::move(v.get_object());
}

std::string string_of(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : std::string();
}

json::array web_messaging_segment_filter() {
  return json::array{json::object{
      {"type", "and"},
      {"predicates", json::array{json::object{{"type", "dimension"}, {"dimension", "mediaType"}, {"operator", "matches"}, {"value", "message"}},
                                 json::object{{"type", "dimension"}, {"dimension", "messageType"}, {"operator", "matches"}, {"value", "webmessaging"}}}}}};
}

}  // namespace

asio::awaitable<api_outcome<std::vector<events::queue_label>>> list_queues(api_client& api, int page_size) {
  std::vector<events::queue_label> queues;
  for (int page = 1; page <= max_pages; ++page) {
    auto res = co_await api.call(http::verb::get, "/api/v2/routing/queues?pageSize=" + std::to_string(page_size) +
                                                      "&pageNumber=" + std::to_string(page));
    if (!res) co_return fail{res.error()};
    auto body = json_object(res.value(), "list queues");
    if (!body) co_return fail{body.error()};
    const auto& o = body.value();
    std::size_t on_page = 0;
    if (auto it = o.find("entities"); it != o.end() && it->value().is_array())
      for (const auto& e : it->value().get_array())
        if (e.is_object())
          if (auto id = string_of(e.get_object(), "id"); !id.empty()) {
            queues.push_back({std::move(id), string_of(e.get_object(), "name")});
            ++on_page;
          }
    std::int64_t page_count = 0;
    if (auto it = o.find("pageCount"); it != o.end()) page_count = clamped_integer(it->value(), 0, max_pages).value_or(0);
    if (on_page == 0 || (page_count > 0 && page >= page_count) || (page_count == 0 && on_page < static_cast<std::size_t>(page_size)))
      break;
  }
  std::sort(queues.begin(), queues.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  queues.erase(std::unique(queues.begin(), queues.end(), [](const auto& a, const auto& b) { return a.id == b.id; }), queues.end());
  co_return queues;
}

asio::awaitable<api_outcome<channel_info>> create_channel(api_client& api) {
  auto res = co_await api.call(http::verb::post, "/api/v2/notifications/channels");
  if (!res) co_return fail{res.error()};
  auto body = json_object(res.value(), "create channel");
  if (!body) co_return fail{body.error()};
  channel_info ch{string_of(body.value(), "id"), string_of(body.value(), "connectUri"),
                  core::parse_iso8601_ms(string_of(body.value(), "expires"))};
  if (ch.id.empty() || ch.connect_uri.empty())
    co_return fail{api_error{false, res.value().status, "create channel: no id or connectUri"}};
  co_return ch;
}

asio::awaitable<api_outcome<subscription_outcome>> subscribe(api_client& api, const std::string& channel_id,
                                                            const std::vector<std::string>& topics, bool replace) {
  json::array list;
  for (const auto& t : topics) list.push_back(json::object{{"id", t}});
  auto res = co_await api.call(replace ? http::verb::put : http::verb::post,
                               "/api/v2/notifications/channels/" + channel_id + "/subscriptions?ignoreErrors=true",
                               json::serialize(list));
  if (!res) co_return fail{res.error()};
  auto body = json_object(res.value(), "subscribe");
  if (!body) co_return fail{body.error()};
  subscription_outcome out;
  if (auto it = body.value().find("entities"); it != body.value().end() && it->value().is_array()) {
    for (const auto& e : it->value().get_array()) {
      if (!e.is_object()) continue;
      const auto& eo = e.get_object();
      std::string id = string_of(eo, "id");
      if (string_of(eo, "state") == "Rejected") {
        const std::string reason = string_of(eo, "rejectionReason");
        out.rejected.push_back(reason.empty() ? id : id + " (" + reason + ")");
      } else {
        out.permitted.push_back(std::move(id));
      }
    }
  }
  co_return out;
}

std::string details_query_body(const details_query& q, int page_number) {
  json::object body{
      {"interval", core::format_iso8601_ms(q.from_ms) + "/" + core::format_iso8601_ms(q.to_ms)},
      {"order", "asc"},
      {"orderBy", "conversationStart"},
      {"segmentFilters", web_messaging_segment_filter()},
      {"paging", json::object{{"pageSize", q.page_size}, {"pageNumber", page_number}}}};
  if (q.open_only)
    body["conversationFilters"] = json::array{json::object{
        {"type", "and"},
        {"predicates", json::array{json::object{{"type", "dimension"}, {"dimension", "conversationEnd"}, {"operator", "notExists"}}}}}};
  return json::serialize(body);
}

namespace {
// Appends the rows of one answer's `conversations[]`; returns how many there were.
std::size_t take_rows(const json::object& body, details_result& out) {
  std::size_t rows = 0;
  if (auto it = body.find("conversations"); it != body.end() && it->value().is_array()) {
    for (const auto& c : it->value().get_array()) {
      ++rows;
      auto snap = parse_analytics_conversation(c);
      if (snap) out.conversations.push_back(std::move(snap.value()));
      else ++out.malformed;
    }
  }
  ++out.pages;
  return rows;
}
}  // namespace

asio::awaitable<api_outcome<details_result>> query_details(api_client& api, const details_query& q) {
  details_result out;
  for (int page = 1; page <= max_pages; ++page) {
    auto res = co_await api.call(http::verb::post, "/api/v2/analytics/conversations/details/query",
                                 details_query_body(q, page));
    if (!res) co_return fail{res.error()};
    auto body = json_object(res.value(), "details query");
    if (!body) co_return fail{body.error()};
    const std::size_t on_page = take_rows(body.value(), out);
    std::uint64_t total = 0;
    if (auto it = body.value().find("totalHits"); it != body.value().end())
      total = static_cast<std::uint64_t>(clamped_integer(it->value(), 0, INT64_MAX).value_or(0));
    const std::uint64_t seen = static_cast<std::uint64_t>(page) * static_cast<std::uint64_t>(q.page_size);
    if (on_page < static_cast<std::size_t>(q.page_size) || (total > 0 && seen >= total)) break;
  }
  co_return out;
}

std::string details_lookup_target(const std::vector<std::string>& ids) {
  std::string target = "/api/v2/analytics/conversations/details";
  char sep = '?';
  for (const auto& id : ids) {
    target += sep;
    target += "id=" + percent_encode(id);
    sep = '&';
  }
  return target;
}

asio::awaitable<api_outcome<details_result>> lookup_details(api_client& api, const std::vector<std::string>& ids) {
  details_result out;
  const std::string target = details_lookup_target(ids);
  auto res = co_await api.call(http::verb::get, target);
  if (!res) co_return fail{res.error()};
  auto body = json_object(res.value(), "details lookup");
  if (!body) co_return fail{body.error()};
  take_rows(body.value(), out);
  co_return out;
}

std::string message_conversation_target(const std::string& conversation_id) {
  return "/api/v2/conversations/messages/" + percent_encode(conversation_id);
}

asio::awaitable<api_outcome<conversation_snapshot>> get_message_conversation(api_client& api, const std::string& conversation_id) {
  auto res = co_await api.call(http::verb::get, message_conversation_target(conversation_id));
  if (!res) co_return fail{res.error()};
  auto body = json_object(res.value(), "message conversation");
  if (!body) co_return fail{body.error()};
  auto snap = parse_queue_conversation(body.value(), "");
  if (!snap) co_return fail{api_error{false, res.value().status, "message conversation: " + snap.error().detail}};
  co_return std::move(snap.value());
}

}  // namespace wmpulse::genesys
