// GraphQL over HTTP: every status-code path of the handler, without a socket.
#include <gtest/gtest.h>

#include <map>

#include "graphql/service.hpp"
#include "server/graphql_http.hpp"
#include "server/response_head.hpp"
#include "unit/graphql/test_schema.hpp"

namespace wmpulse::server {
namespace {

constexpr std::string_view gql_json = "application/graphql-response+json; charset=utf-8";
constexpr std::string_view plain_json = "application/json; charset=utf-8";

class graphql_http_test : public ::testing::Test {
protected:
  http_answer send(std::string method, std::string target, std::string body, std::map<std::string, std::string> headers) {
    return send_to(handler_, std::move(method), std::move(target), std::move(body), std::move(headers));
  }
  http_answer send_to(const graphql_http_handler& handler, std::string method, std::string target, std::string body,
                      std::map<std::string, std::string> headers) {
    return handler.handle(request(std::move(method), std::move(target), std::move(body), std::move(headers)));
  }
  // What the router's reuse lookup gets on the I/O thread for the same request.
  std::optional<http_answer> kept_by(const graphql_http_handler& handler, std::string method, std::string target,
                                     std::string body, std::map<std::string, std::string> headers) {
    return handler.kept_answer(request(std::move(method), std::move(target), std::move(body), std::move(headers)));
  }
  http_request_view request(std::string method, std::string target, std::string body,
                            std::map<std::string, std::string> headers) {
    method_ = std::move(method);
    target_ = std::move(target);
    body_ = std::move(body);
    headers_ = std::move(headers);
    return http_request_view{method_, target_, body_, [this](std::string_view name) {
                               for (const auto& [k, val] : headers_)
                                 if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
                                       return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
                                     }))
                                   return std::string_view(val);
                               return std::string_view();
                             }};
  }
  http_answer post(std::string body, std::string accept = "application/graphql-response+json") {
    return send("POST", "/graphql", std::move(body), {{"Content-Type", "application/json"}, {"Accept", accept}});
  }
  http_answer get(std::string target, std::string accept = "application/graphql-response+json") {
    return send("GET", std::move(target), "", {{"Accept", accept}});
  }

  graphql::service service_{graphql::testing::test_schema()};
  // A new root per request: no answer is reused here (see graphql_http_reuse below).
  graphql_http_handler handler_{service_, [] { return std::make_shared<const std::any>(std::string("root")); },
                                graphql_http_handler::options{256}};
  std::string method_, target_, body_;
  std::map<std::string, std::string> headers_;
};

TEST_F(graphql_http_test, post_query_answers_200_with_data) {
  auto a = post(R"({"query":"{ rootName }"})");
  EXPECT_EQ(a.status, 200u);
  EXPECT_EQ(a.content_type, gql_json);
  EXPECT_EQ(a.body, R"({"data":{"rootName":"root"}})");
}

TEST_F(graphql_http_test, get_query_with_variables_and_operation_name) {
  auto a = get("/graphql?query=query%20A(%24s%3A%20Boolean!)%20%7B%20rootName%20%40skip(if%3A%20%24s)%20__typename%20%7D"
               "&variables=%7B%22s%22%3Atrue%7D&operationName=A");
  EXPECT_EQ(a.status, 200u);
  EXPECT_EQ(a.body, R"({"data":{"__typename":"Query"}})");
}

TEST_F(graphql_http_test, request_errors_are_400_in_graphql_response_json_and_200_in_json) {
  for (auto body : {R"({"query":"{"})", R"({"query":"{ nope }"})", R"({"query":"query ($n: Int!) { echo(n: $n) }"})"}) {
    auto a = post(body);
    EXPECT_EQ(a.status, 400u) << body;
    EXPECT_EQ(a.body.find("\"data\""), std::string::npos) << body;
    auto b = post(body, "application/json");
    EXPECT_EQ(b.status, 200u) << body;
    EXPECT_EQ(b.content_type, plain_json);
  }
}

TEST_F(graphql_http_test, field_errors_keep_200_with_partial_data) {
  auto a = post(R"({"query":"{ boom rootName }"})");
  EXPECT_EQ(a.status, 200u);
  EXPECT_NE(a.body.find(R"("data":{"boom":null,"rootName":"root"})"), std::string::npos);
}

TEST_F(graphql_http_test, malformed_requests_are_400) {
  EXPECT_EQ(post("not json").status, 400u);
  EXPECT_EQ(post("[]").status, 400u);
  EXPECT_EQ(post(R"({"query":1})").status, 400u);
  EXPECT_EQ(post(R"({"query":"{ rootName }","variables":"x"})").status, 400u);
  EXPECT_EQ(post(R"({"query":"{ rootName }","operationName":false})").status, 400u);
  EXPECT_EQ(post(R"({"query":"{ rootName }","extensions":[]})").status, 400u);
  EXPECT_EQ(get("/graphql").status, 400u);
  EXPECT_EQ(get("/graphql?query={rootName}&variables=%7Bbad").status, 400u);
}

TEST_F(graphql_http_test, null_optional_parameters_are_accepted) {
  EXPECT_EQ(post(R"({"query":"{ rootName }","variables":null,"operationName":null,"extensions":null})").status, 200u);
}

TEST_F(graphql_http_test, other_methods_are_405_with_allow) {
  auto a = send("PUT", "/graphql", "", {});
  EXPECT_EQ(a.status, 405u);
  ASSERT_EQ(a.headers.back().first, "Allow");
  EXPECT_EQ(a.headers.back().second, "GET, POST");
}

TEST_F(graphql_http_test, unacceptable_accept_is_406) {
  EXPECT_EQ(post(R"({"query":"{ rootName }"})", "text/plain").status, 406u);
  EXPECT_EQ(post(R"({"query":"{ rootName }"})", "application/json;q=0").status, 406u);
}

TEST_F(graphql_http_test, accept_negotiation) {
  EXPECT_EQ(post(R"({"query":"{ rootName }"})", "").content_type, plain_json);
  EXPECT_EQ(post(R"({"query":"{ rootName }"})", "*/*").content_type, plain_json);
  EXPECT_EQ(post(R"({"query":"{ rootName }"})", "application/json;q=0.5, application/graphql-response+json").content_type, gql_json);
  EXPECT_EQ(post(R"({"query":"{ rootName }"})", "application/graphql-response+json;q=0.1, application/json").content_type, plain_json);
}

TEST_F(graphql_http_test, post_without_json_content_type_is_415) {
  EXPECT_EQ(send("POST", "/graphql", R"({"query":"{ rootName }"})", {}).status, 415u);
  EXPECT_EQ(send("POST", "/graphql", "query={rootName}", {{"Content-Type", "application/x-www-form-urlencoded"}}).status, 415u);
  EXPECT_EQ(send("POST", "/graphql", R"({"query":"{ rootName }"})", {{"Content-Type", "application/json; charset=latin1"}}).status, 415u);
  EXPECT_EQ(send("POST", "/graphql", R"({"query":"{ rootName }"})", {{"Content-Type", "application/json; charset=utf-8"}}).status, 200u);
}

TEST_F(graphql_http_test, body_over_the_limit_is_413) {
  auto a = post(R"({"query":"{ rootName }", "pad":")" + std::string(300, 'x') + "\"}");
  EXPECT_EQ(a.status, 413u);
  EXPECT_NE(a.body.find("larger than the limit of 256 bytes"), std::string::npos);
}

TEST_F(graphql_http_test, subscriptions_are_refused_over_http) {
  auto a = post(R"({"query":"subscription { tick }"})");
  EXPECT_EQ(a.status, 400u);
  EXPECT_NE(a.body.find("WebSocket"), std::string::npos);
}

TEST_F(graphql_http_test, browsers_get_the_ide) {
  http_request_view browser{"GET", "/graphql", "", [](std::string_view n) {
                              return n == "Accept" ? std::string_view("text/html,application/xhtml+xml,*/*;q=0.8") : std::string_view();
                            }};
  EXPECT_TRUE(graphql_http_handler::wants_html(browser));
  http_request_view client{"GET", "/graphql", "", [](std::string_view n) {
                             return n == "Accept" ? std::string_view("application/graphql-response+json, text/html;q=0.5") : std::string_view();
                           }};
  EXPECT_FALSE(graphql_http_handler::wants_html(client));
}

// Reuse: an identical request against the same published root gets the first answer again;
// a new root (a new snapshot) computes it afresh, and a request differing in anything gets its own.
TEST_F(graphql_http_test, an_identical_request_reuses_the_answer_until_the_root_changes) {
  published_root current = std::make_shared<const std::any>(std::string("first"));
  graphql_http_handler handler{service_, [&] { return current; }};
  const std::map<std::string, std::string> json{{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  const std::string body = R"({"query":"{ rootName }"})";
  auto a = send_to(handler, "POST", "/graphql", body, json);
  EXPECT_EQ(a.body_view(), R"({"data":{"rootName":"first"}})");
  auto b = send_to(handler, "POST", "/graphql", body, json);
  EXPECT_EQ(handler.reused(), 1u);
  EXPECT_EQ(b.body_view(), a.body_view());
  EXPECT_EQ(b.content_type, plain_json);
  EXPECT_EQ(b.status, 200u);

  current = std::make_shared<const std::any>(std::string("second"));  // a new publication
  auto c = send_to(handler, "POST", "/graphql", body, json);
  EXPECT_EQ(c.body_view(), R"({"data":{"rootName":"second"}})") << "a reused answer follows the snapshot";
  EXPECT_EQ(handler.reused(), 1u);

  auto d = send_to(handler, "POST", "/graphql", body, {{"Content-Type", "application/json"}, {"Accept", "application/graphql-response+json"}});
  EXPECT_EQ(d.content_type, gql_json) << "another Accept is another request";
  auto e = send_to(handler, "POST", "/graphql", R"({"query":"{ __typename }"})", json);
  EXPECT_EQ(e.body_view(), R"({"data":{"__typename":"Query"}})");
  EXPECT_EQ(handler.reused(), 1u);
}

// The lookup the router makes on the I/O thread: the kept answer of an identical request while
// its root is current, nothing before the first answer or after a new publication.
TEST_F(graphql_http_test, the_kept_answer_is_there_for_an_identical_request_while_the_root_is_current) {
  published_root current = std::make_shared<const std::any>(std::string("first"));
  graphql_http_handler handler{service_, [&] { return current; }};
  const std::map<std::string, std::string> json{{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  const std::string body = R"({"query":"{ rootName }"})";
  EXPECT_FALSE(kept_by(handler, "POST", "/graphql", body, json)) << "nothing answered yet";
  send_to(handler, "POST", "/graphql", body, json);
  auto kept = kept_by(handler, "POST", "/graphql", body, json);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->body_view(), R"({"data":{"rootName":"first"}})");
  EXPECT_EQ(kept->status, 200u);
  ASSERT_TRUE(kept->wire) << "the head a keep-alive request gets, built once";
  EXPECT_EQ(*kept->wire, *keep_alive_wire(*kept));
  EXPECT_FALSE(kept_by(handler, "POST", "/graphql", R"({"query":"{ __typename }"})", json)) << "another request";
  current = std::make_shared<const std::any>(std::string("second"));
  EXPECT_FALSE(kept_by(handler, "POST", "/graphql", body, json)) << "a new publication: computed again";
}

TEST_F(graphql_http_test, requests_over_the_reuse_size_are_always_computed) {
  published_root current = std::make_shared<const std::any>(std::string("root"));
  graphql_http_handler handler{service_, [&] { return current; }, graphql_http_handler::options{1 << 20, 16}};
  const std::map<std::string, std::string> json{{"Content-Type", "application/json"}};
  send_to(handler, "POST", "/graphql", R"({"query":"{ rootName }"})", json);
  send_to(handler, "POST", "/graphql", R"({"query":"{ rootName }"})", json);
  EXPECT_EQ(handler.reused(), 0u);
}

}  // namespace
}  // namespace wmpulse::server
