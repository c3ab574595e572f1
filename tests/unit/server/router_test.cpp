#include "server/router.hpp"

#include <map>

#include <gtest/gtest.h>

namespace wmpulse::server {
namespace {

struct request {
  request(std::string m = "GET", std::string t = "/") : method(std::move(m)), target(std::move(t)) {}
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;
  http_request_view view() const {
    return {method, target, {}, [this](std::string_view name) -> std::string_view {
              auto it = headers.find(std::string(name));
              return it == headers.end() ? std::string_view{} : std::string_view(it->second);
            }};
  }
};

route_handler says(std::string what) {
  return [what](const http_request_view& r) {
    http_answer a;
    a.content_type = "text/plain";
    a.body = what + ":" + std::string(r.method);
    return a;
  };
}

TEST(router, exact_path_and_method) {
  router r;
  r.add("/graphql", {"GET", "POST"}, says("graphql"));
  EXPECT_EQ(r.dispatch(request{"POST", "/graphql"}.view()).body, "graphql:POST");
  EXPECT_EQ(r.dispatch(request{"GET", "/graphql?query=%7Bx%7D"}.view()).body, "graphql:GET");
  EXPECT_EQ(r.dispatch(request{"GET", "/graphql/x"}.view()).status, 404u);
}

TEST(router, wrong_method_is_405_with_allow) {
  router r;
  r.add("/metrics", {"GET"}, says("metrics"));
  auto a = r.dispatch(request{"DELETE", "/metrics"}.view());
  EXPECT_EQ(a.status, 405u);
  ASSERT_EQ(a.headers.size(), 1u);
  EXPECT_EQ(a.headers[0].first, "Allow");
  EXPECT_EQ(a.headers[0].second, "GET, HEAD");
  EXPECT_NE(a.body.find("DELETE is not allowed"), std::string::npos);
}

TEST(router, head_is_served_by_the_get_route_as_get) {
  router r;
  r.add("/metrics", {"GET"}, says("metrics"));
  EXPECT_EQ(r.dispatch(request{"HEAD", "/metrics"}.view()).body, "metrics:GET");
}

TEST(router, unknown_path_is_404_with_a_clear_body) {
  router r;
  auto a = r.dispatch(request{"GET", "/nope?x=1"}.view());
  EXPECT_EQ(a.status, 404u);
  EXPECT_EQ(a.body, "404 Not Found: nothing is served at /nope\n");
}

TEST(router, predicate_routes_browsers_elsewhere) {
  router r;
  r.add("/graphql", {"GET"}, says("graphiql"), accepts_html);
  r.add("/graphql", {"GET", "POST"}, says("graphql"));
  request browser{"GET", "/graphql"};
  browser.headers["Accept"] = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";
  EXPECT_EQ(r.dispatch(browser.view()).body, "graphiql:GET");
  request client{"GET", "/graphql"};
  client.headers["Accept"] = "application/graphql-response+json, application/json;q=0.9";
  EXPECT_EQ(r.dispatch(client.view()).body, "graphql:GET");
  browser.method = "POST";
  EXPECT_EQ(r.dispatch(browser.view()).body, "graphql:POST");
}

TEST(router, accepts_html_reads_the_media_ranges) {
  request q;
  EXPECT_FALSE(accepts_html(q.view()));
  q.headers["Accept"] = "application/json";
  EXPECT_FALSE(accepts_html(q.view()));
  q.headers["Accept"] = "application/json, TEXT/HTML;q=0.5";
  EXPECT_TRUE(accepts_html(q.view()));
  q.headers["Accept"] = "text/html-not";
  EXPECT_FALSE(accepts_html(q.view()));
}

TEST(router, exact_routes_win_over_static_prefixes) {
  router r;
  r.add_static("/", "/nonexistent-dir");
  r.add("/metrics", {"GET"}, says("metrics"));
  EXPECT_EQ(r.dispatch(request{"GET", "/metrics"}.view()).body, "metrics:GET");
  EXPECT_EQ(r.dispatch(request{"GET", "/app.js"}.view()).status, 404u);
  EXPECT_EQ(r.dispatch(request{"POST", "/app.js"}.view()).status, 405u);
}

TEST(router, target_path_drops_query_and_fragment) {
  EXPECT_EQ(target_path("/a/b?x=1#f"), "/a/b");
  EXPECT_EQ(target_path("/a#f?x"), "/a");
  EXPECT_EQ(target_path("/"), "/");
}

// A route's reuse lookup answers on the I/O thread when it has the answer; otherwise the
// request goes to its lane. Routes already on the I/O thread, and HEAD, are not looked up.
TEST(router, a_reuse_lookup_that_has_the_answer_skips_the_lane) {
  router r;
  std::string kept;
  r.add("/graphql", {"GET", "POST"}, says("computed"), {}, always(route_lane::light),
        [&kept](const http_request_view&) -> std::optional<http_answer> {
          if (kept.empty()) return std::nullopt;
          return http_answer{200, "text/plain", kept, {}};
        });
  r.add("/healthz", {"GET"}, says("ok"), {}, always(route_lane::io),
        [](const http_request_view&) -> std::optional<http_answer> { ADD_FAILURE() << "io routes are not looked up"; return std::nullopt; });
  auto plan = r.plan(request{"POST", "/graphql"}.view());
  EXPECT_FALSE(plan.answer);
  EXPECT_EQ(plan.lane, route_lane::light);
  kept = "reused";
  plan = r.plan(request{"POST", "/graphql"}.view());
  ASSERT_TRUE(plan.answer);
  EXPECT_EQ(plan.answer->body, "reused");
  EXPECT_FALSE(r.plan(request{"HEAD", "/graphql"}.view()).answer);
  EXPECT_FALSE(r.plan(request{"GET", "/healthz"}.view()).answer);
  EXPECT_FALSE(r.plan(request{"GET", "/nope"}.view()).answer);
}

TEST(router, lanes_say_where_a_handler_runs) {
  router r;
  r.add("/healthz", {"GET"}, says("ok"), {}, always(route_lane::io));
  r.add("/metrics", {"GET"}, says("m"), {}, always(route_lane::heavy));
  r.add("/graphql", {"POST"}, says("g"), {}, [](const http_request_view& v) {
    return v.target.size() > 20 ? route_lane::heavy : route_lane::light;
  });
  r.add("/plain", {"GET"}, says("p"));
  EXPECT_EQ(r.lane_for(request{"GET", "/healthz"}.view()), route_lane::io);
  EXPECT_EQ(r.lane_for(request{"HEAD", "/metrics"}.view()), route_lane::heavy);
  EXPECT_EQ(r.lane_for(request{"POST", "/graphql"}.view()), route_lane::light);
  EXPECT_EQ(r.lane_for(request{"POST", "/graphql?padding=xxxxxxxxxxxxxxx"}.view()), route_lane::heavy);
  EXPECT_EQ(r.lane_for(request{"GET", "/plain"}.view()), route_lane::light) << "off the I/O thread by default";
  EXPECT_EQ(r.lane_for(request{"GET", "/nope"}.view()), route_lane::io) << "404 costs nothing";
  EXPECT_EQ(r.lane_for(request{"DELETE", "/metrics"}.view()), route_lane::io) << "405 costs nothing";
}

}  // namespace
}  // namespace wmpulse::server
