#include "support/http_client.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

namespace wmpulse::testing {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

http_reply http_request(unsigned short port, const std::string& method, const std::string& target,
                        const std::string& body, const std::string& content_type, const std::string& accept) {
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(10));
  boost::system::error_code ec;
  stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return {};
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  req.set(http::field::accept, accept);
  if (!body.empty() || method == "POST") {
    req.set(http::field::content_type, content_type);
    req.body() = body;
    req.prepare_payload();
  }
  http::write(stream, req, ec);
  if (ec) return {};
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res, ec);
  if (ec) return {};
  return {res.result_int(), std::string(res[http::field::content_type]), res.body()};
}

boost::json::value graphql_query(unsigned short port, const std::string& query) {
  boost::json::object payload{{"query", query}};
  auto reply = http_request(port, "POST", "/graphql", boost::json::serialize(payload));
  if (reply.status == 0) return nullptr;
  boost::system::error_code ec;
  auto v = boost::json::parse(reply.body, ec);
  return ec ? boost::json::value(nullptr) : v;
}

}  // namespace wmpulse::testing
