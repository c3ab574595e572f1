// The probes and the scrape as an operator's tools see them: /livez always 200, /readyz 503
// with the reasons until the source is connected and its initial recovery done, /metrics the
// text format with the build and process series.
#include "app/observability.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace wmpulse::app {
namespace {

namespace json = boost::json;
using events::connection_state;

events::source_status status_of(std::string kind, connection_state state, bool recovered) {
  events::source_status s;
  s.source_kind = std::move(kind);
  s.state = state;
  s.initial_recovery_done = recovered;
  return s;
}

json::object body_of(const server::http_answer& a) { return json::parse(a.body).as_object(); }

TEST(observability, livez_is_ok_and_never_cached) {
  const auto a = livez_answer();
  EXPECT_EQ(a.status, 200u);
  EXPECT_EQ(a.body, "ok\n");
  EXPECT_EQ(a.content_type, "text/plain; charset=utf-8");
  ASSERT_EQ(a.headers.size(), 1u);
  EXPECT_EQ(a.headers[0].second, "no-store");
}

TEST(observability, readyz_before_anything_is_published_names_both_reasons) {
  const auto a = readyz_answer(events::source_status{});
  EXPECT_EQ(a.status, 503u);
  EXPECT_EQ(a.content_type, "application/json");
  const auto b = body_of(a);
  EXPECT_EQ(b.at("ready"), false);
  EXPECT_EQ(json::serialize(b.at("reasons")), R"(["source (none yet) is starting","initial recovery not done"])");
}

TEST(observability, readyz_waits_for_the_initial_recovery_of_a_connected_source) {
  const auto a = readyz_answer(status_of("genesys", connection_state::connected, false));
  EXPECT_EQ(a.status, 503u);
  EXPECT_EQ(json::serialize(body_of(a)), R"({"ready":false,"reasons":["initial recovery not done"]})");
}

TEST(observability, readyz_is_not_ready_while_reconnecting_even_after_recovery) {
  const auto a = readyz_answer(status_of("genesys", connection_state::reconnecting, true));
  EXPECT_EQ(a.status, 503u);
  EXPECT_EQ(json::serialize(body_of(a)), R"({"ready":false,"reasons":["source genesys is reconnecting"]})");
}

TEST(observability, readyz_is_200_when_connected_and_recovered) {
  const auto a = readyz_answer(status_of("genesys", connection_state::connected, true));
  EXPECT_EQ(a.status, 200u);
  EXPECT_EQ(json::serialize(body_of(a)), R"({"ready":true,"reasons":[]})");
}

TEST(observability, readyz_never_shows_the_last_error) {
  auto s = status_of("genesys", connection_state::reconnecting, false);
  s.last_error = "creating a channel: connect to 10.1.2.3 refused";
  EXPECT_EQ(readyz_answer(s).body.find("10.1.2.3"), std::string::npos);
}

TEST(observability, metrics_carry_the_build_and_process_series) {
  const auto a = metrics_answer(metrics::metrics_snapshot{}, status_of("replay", connection_state::connected, true));
  EXPECT_EQ(a.status, 200u);
  EXPECT_EQ(a.content_type, "text/plain; version=0.0.4; charset=utf-8");
  for (const char* name : {"wmpulse_build_info{version=\"", "process_cpu_seconds_total ", "process_resident_memory_bytes ",
                           "process_open_fds ", "process_start_time_seconds ", "wmpulse_ready 1\n"})
    EXPECT_NE(a.body.find(name), std::string::npos) << name;
}

}  // namespace
}  // namespace wmpulse::app
