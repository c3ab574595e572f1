// The access check without sockets: which route needs which role, what each credential proves,
// the answers (401 with a challenge, 403), the counters, and that secrets are compared in
// constant time and unknown users cost the same hashing as wrong passwords.
#include "server/access.hpp"

#include <crypt.h>

#include <gtest/gtest.h>

#include "net/http_auth.hpp"
#include "unit/server/access_fixture.hpp"

namespace wmpulse::server {
namespace {
using namespace testing;

http_request_view req(std::string_view method, std::string_view target, std::string_view accept = {},
                      std::string_view upgrade = {}) {
  return http_request_view{method, target, {}, [accept, upgrade](std::string_view name) -> std::string_view {
                             if (name == "Accept") return accept;
                             if (name == "Upgrade") return upgrade;
                             return {};
                           }};
}

TEST(access_requirement, routes_need_their_roles) {
  EXPECT_EQ(requirement_for(req("GET", "/livez"), "/graphql"), requirement::open);
  EXPECT_EQ(requirement_for(req("GET", "/readyz"), "/graphql"), requirement::open);
  EXPECT_EQ(requirement_for(req("GET", "/healthz?x=1"), "/graphql"), requirement::open);
  EXPECT_EQ(requirement_for(req("GET", "/metrics"), "/graphql"), requirement::metrics);
  EXPECT_EQ(requirement_for(req("POST", "/graphql"), "/graphql"), requirement::viewer);
  EXPECT_EQ(requirement_for(req("GET", "/graphql?query={a}"), "/graphql"), requirement::viewer);
  EXPECT_EQ(requirement_for(req("GET", "/graphql", "application/json"), "/graphql"), requirement::viewer);
  EXPECT_EQ(requirement_for(req("GET", "/graphql", "", "websocket"), "/graphql"), requirement::viewer);
  // A browser navigating to GraphiQL, and the dashboard's files: pages without data.
  EXPECT_EQ(requirement_for(req("GET", "/graphql", "text/html"), "/graphql"), requirement::open);
  EXPECT_EQ(requirement_for(req("GET", "/graphql", "text/html", "websocket"), "/graphql"), requirement::viewer);
  EXPECT_EQ(requirement_for(req("GET", "/"), "/graphql"), requirement::open);
  EXPECT_EQ(requirement_for(req("GET", "/app.js"), "/graphql"), requirement::open);
}

class access_test : public ::testing::Test {
protected:
  access_config cfg = test_access_config();
  access_control access{cfg};
};

TEST_F(access_test, each_credential_proves_its_roles) {
  EXPECT_EQ(access.authenticate(basic("ada", "ada-password")), bit(role::viewer));
  EXPECT_EQ(access.authenticate(basic("yves", "yves-password")), bit(role::viewer) | bit(role::metrics));
  EXPECT_EQ(access.authenticate(bearer(viewer_token)), bit(role::viewer));
  EXPECT_EQ(access.authenticate(bearer(metrics_token)), bit(role::metrics));
}

TEST_F(access_test, wrong_password_unknown_user_and_unknown_token_prove_nothing) {
  EXPECT_FALSE(access.authenticate(basic("ada", "ada-passwort")));
  EXPECT_FALSE(access.authenticate(basic("ada", "")));
  EXPECT_FALSE(access.authenticate(basic("mallory", "ada-password")));
  EXPECT_FALSE(access.authenticate(bearer("not-a-token")));
  EXPECT_FALSE(access.authenticate(bearer(net::sha256_hex(viewer_token))));  // the digest is no token
  EXPECT_FALSE(access.authenticate("Digest username=ada"));
  EXPECT_FALSE(access.authenticate(""));
}

TEST_F(access_test, an_unknown_user_costs_the_same_hashing_as_a_wrong_password) {
  const auto before = access.stats().password_hashes;
  EXPECT_FALSE(access.authenticate(basic("ada", "wrong")));
  EXPECT_EQ(access.stats().password_hashes, before + 1);
  EXPECT_FALSE(access.authenticate(basic("mallory", "wrong")));
  EXPECT_EQ(access.stats().password_hashes, before + 2);
}

TEST_F(access_test, a_verified_login_is_not_hashed_again) {
  ASSERT_TRUE(access.authenticate(basic("ada", "ada-password")));
  const auto after_first = access.stats().password_hashes;
  ASSERT_TRUE(access.authenticate(basic("ada", "ada-password")));
  EXPECT_EQ(access.stats().password_hashes, after_first);
  EXPECT_FALSE(access.authenticate(basic("ada", "ada-password-not")));  // the cache is per password
}

TEST(access_compare, secrets_are_compared_by_the_constant_time_function) {
  int calls = 0;
  access_control access(test_access_config(), [&calls](std::string_view a, std::string_view b) {
    ++calls;
    return net::constant_time_equal(a, b);
  });
  EXPECT_TRUE(access.authenticate(bearer(metrics_token)));
  EXPECT_EQ(calls, 2);  // every token's digest, not only up to the match
  calls = 0;
  EXPECT_FALSE(access.authenticate(basic("ada", "wrong")));
  EXPECT_EQ(calls, 1);  // the crypt output against the stored hash
  calls = 0;
  EXPECT_FALSE(access.authenticate(basic("nobody", "wrong")));
  EXPECT_EQ(calls, 1);
}

TEST_F(access_test, missing_credential_is_401_with_both_challenges) {
  auto a = access.refusal(requirement::viewer, "");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, 401u);
  ASSERT_EQ(a->headers.size(), 1u);
  EXPECT_EQ(a->headers[0].first, "WWW-Authenticate");
  EXPECT_NE(a->headers[0].second.find(R"(Basic realm="wmpulse")"), std::string::npos);
  EXPECT_NE(a->headers[0].second.find(R"(Bearer realm="wmpulse")"), std::string::npos);
  EXPECT_EQ(access.stats().unauthenticated, 1u);
  EXPECT_EQ(access.stats().bad_credentials, 0u);
}

TEST_F(access_test, wrong_credential_is_401_counted_and_not_echoed) {
  auto a = access.refusal(requirement::metrics, basic("ada", "hunter2"));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, 401u);
  EXPECT_EQ(a->body.find("hunter2"), std::string::npos);
  EXPECT_EQ(access.stats().bad_credentials, 1u);
}

TEST_F(access_test, a_credential_without_the_role_is_403) {
  auto a = access.refusal(requirement::metrics, bearer(viewer_token));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, 403u);
  EXPECT_NE(a->body.find("metrics role"), std::string::npos);
  a = access.refusal(requirement::viewer, bearer(metrics_token));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, 403u);
  EXPECT_EQ(access.stats().forbidden, 2u);
  EXPECT_FALSE(access.refusal(requirement::metrics, bearer(metrics_token)));
  EXPECT_FALSE(access.refusal(requirement::viewer, basic("yves", "yves-password")));
  EXPECT_FALSE(access.refusal(requirement::open, ""));
}

TEST(access_open, no_users_and_no_tokens_leave_everything_open) {
  access_control open{access_config{}};
  EXPECT_TRUE(open.open());
  EXPECT_FALSE(open.refusal(requirement::metrics, ""));
  EXPECT_TRUE(open.admits_viewer(""));
}

TEST(access_config_check, bad_entries_are_named) {
  auto with_user = [](std::string hash, role_set roles = bit(role::viewer)) {
    access_config c;
    c.users.push_back({"ada", std::move(hash), roles});
    return access_config_problem(c);
  };
  EXPECT_EQ(with_user(test_access_config().users[0].password_hash), "");
  EXPECT_NE(with_user("plain-text").find("user \"ada\""), std::string::npos);
  EXPECT_NE(with_user("$1$abcdefgh$abcdefghijklmnopqrstuv").find("legacy"), std::string::npos);  // MD5
  EXPECT_NE(with_user(test_access_config().users[0].password_hash, 0).find("no role"), std::string::npos);
  access_config twice = test_access_config();
  twice.users.push_back(twice.users[0]);
  EXPECT_NE(access_config_problem(twice).find("listed twice"), std::string::npos);
  access_config bad_token;
  bad_token.tokens.push_back({"ci", "ABC", bit(role::metrics)});
  EXPECT_NE(access_config_problem(bad_token).find("token \"ci\""), std::string::npos);
}

class gate_test : public access_test {
protected:
  struct accepting : graphql_ws_backend {
    int accepted = 0;
    std::optional<boost::json::object> accept(const boost::json::object*) override {
      ++accepted;
      return boost::json::object{};
    }
    core::result<ws_operation, boost::json::array> prepare(const ws_request&) override { return core::failure{boost::json::array{}}; }
  } inner;
};

TEST_F(gate_test, connection_init_must_carry_a_viewer_credential) {
  auto shared = std::make_shared<access_control>(cfg);
  viewer_gate_backend gate(inner, shared);
  EXPECT_FALSE(gate.accept(nullptr));
  boost::json::object payload{{"authorization", bearer(metrics_token)}};
  EXPECT_FALSE(gate.accept(&payload));  // no viewer role
  payload["authorization"] = basic("ada", "bad");
  EXPECT_FALSE(gate.accept(&payload));
  payload["authorization"] = 42;
  EXPECT_FALSE(gate.accept(&payload));
  EXPECT_EQ(inner.accepted, 0);
  payload["authorization"] = bearer(viewer_token);
  EXPECT_TRUE(gate.accept(&payload));
  payload = {{"Authorization", basic("ada", "ada-password")}};
  EXPECT_TRUE(gate.accept(&payload));
  EXPECT_EQ(inner.accepted, 2);
  EXPECT_EQ(shared->stats().forbidden, 1u);
  EXPECT_EQ(shared->stats().unauthenticated, 3u);
}

}  // namespace
}  // namespace wmpulse::server
