// The parts of the WebSocket session that do not touch the stream, and the server's
// instantiation of the session over beast::tcp_stream.
#include "server/detail/ws_session.hpp"

#include "server/graphql_http.hpp"

namespace wmpulse::server::detail {

bool offers_graphql_transport_ws(const http::request<http::string_body>& req) {
  auto [first, last] = req.equal_range(http::field::sec_websocket_protocol);
  for (auto field = first; field != last; ++field) {
    std::string_view list(field->value().data(), field->value().size());
    while (!list.empty()) {
      auto comma = list.find(',');
      std::string_view item = list.substr(0, comma);
      while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
      while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
      if (item == graphql_transport_ws) return true;
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return false;
}

worker_lane& lane_for_operation(server_state& state, std::string_view message) {
  const bool heavy = graphql_http_handler::lane_of(http_request_view{"POST", {}, message, {}}) == route_lane::heavy;
  return heavy ? state.heavy : state.light;
}

template void start_ws_session<beast::ssl_stream<beast::tcp_stream>>(
    server_state&, beast::ssl_stream<beast::tcp_stream>, http::request<http::string_body>, const asio::ip::address&,
    std::shared_ptr<const access_control>);
template void start_ws_session<beast::tcp_stream>(server_state&, beast::tcp_stream, http::request<http::string_body>,
                                                  const asio::ip::address&, std::shared_ptr<const access_control>);

}  // namespace wmpulse::server::detail
