// The analytics details query: interval, filters, order, paging, errors.
#include <algorithm>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/iso8601.hpp"
#include "sim/details_query.hpp"
#include "sim/timeline.hpp"

namespace wmpulse::sim {
namespace {
namespace json = boost::json;

struct details : ::testing::Test {
  details() : line(config()) { line.advance(config().start_ms + 30 * 60'000); }
  static workload_config config() {
    workload_config c;
    c.seed = 4;
    c.start_ms = 1'700'000'000'000;
    c.web_per_minute = 20;
    return c;
  }
  json::object query(json::object body) {
    const auto a = details_query(line.work().conversations(), line.watermark(), json::serialize(body));
    EXPECT_EQ(a.status, 200u) << a.body;
    return json::parse(a.body).as_object();
  }
  std::string interval() const {
    return core::format_iso8601_ms(config().start_ms - 3600'000) + "/" + core::format_iso8601_ms(config().start_ms + 3600'000);
  }
  json::array web_filter() const {
    return json::array{json::object{{"type", "and"},
                                    {"predicates", json::array{json::object{{"dimension", "mediaType"}, {"value", "message"}},
                                                               json::object{{"dimension", "messageType"}, {"value", "webmessaging"}}}}}};
  }
  timeline line;
};

TEST_F(details, pages_cover_every_hit_once_in_order) {
  const auto first = query({{"interval", interval()}, {"paging", {{"pageSize", 100}, {"pageNumber", 1}}}});
  const auto total = first.at("totalHits").as_int64();
  ASSERT_GT(total, 200);
  std::set<std::string> ids;
  std::string previous;
  for (int page = 1; page <= (total + 99) / 100; ++page) {
    const auto r = query({{"interval", interval()}, {"paging", {{"pageSize", 100}, {"pageNumber", page}}}});
    for (const auto& c : r.at("conversations").as_array()) {
      ids.insert(std::string(c.at("conversationId").as_string()));
      const std::string start(c.at("conversationStart").as_string());
      EXPECT_LE(previous, start);
      previous = start;
    }
  }
  EXPECT_EQ(std::int64_t(ids.size()), total);
  const auto beyond = query({{"interval", interval()}, {"paging", {{"pageSize", 100}, {"pageNumber", 99}}}});
  EXPECT_FALSE(beyond.contains("conversations"));
}

TEST_F(details, segment_filters_select_web_messaging) {
  const auto all = query({{"interval", interval()}}).at("totalHits").as_int64();
  const auto web = query({{"interval", interval()}, {"segmentFilters", web_filter()}, {"paging", {{"pageSize", 100}}}});
  EXPECT_LT(web.at("totalHits").as_int64(), all);
  for (const auto& c : web.at("conversations").as_array())
    for (const auto& p : c.at("participants").as_array())
      for (const auto& s : p.at("sessions").as_array()) EXPECT_EQ(s.at("messageType"), "webmessaging");
}

TEST_F(details, conversation_end_not_exists_gives_active_conversations_desc) {
  json::array filters{json::object{{"type", "and"},
                                   {"predicates", json::array{json::object{{"type", "dimension"}, {"dimension", "conversationEnd"},
                                                                           {"operator", "notExists"}}}}}};
  const auto r = query({{"interval", interval()}, {"order", "desc"}, {"conversationFilters", filters}, {"paging", {{"pageSize", 100}}}});
  ASSERT_GT(r.at("totalHits").as_int64(), 0);
  std::string previous = "9";
  for (const auto& c : r.at("conversations").as_array()) {
    EXPECT_FALSE(c.as_object().contains("conversationEnd"));
    const std::string start(c.at("conversationStart").as_string());
    EXPECT_GE(previous, start);
    previous = start;
  }
}

TEST_F(details, bad_queries_get_400_with_a_genesys_error_body) {
  for (const char* body : {"{}", "[]", "not json", R"({"interval":"yesterday"})",
                                 R"({"interval":"2023-11-14T00:00:00Z/2023-11-15T00:00:00Z","paging":{"pageSize":101}})",
                                 R"({"interval":"2023-11-14T00:00:00Z/2023-11-15T00:00:00Z","segmentFilters":[{"type":"and","predicates":[{"dimension":"nope","value":"x"}]}]})"}) {
    const auto a = details_query(line.work().conversations(), line.watermark(), body);
    EXPECT_EQ(a.status, 400u) << body;
    EXPECT_EQ(json::parse(a.body).at("status").as_int64(), 400) << body;
  }
}

}  // namespace
}  // namespace wmpulse::sim

namespace wmpulse::sim {
namespace {

struct details_more : details {};

TEST_F(details_more, an_interval_longer_than_the_limit_is_refused_and_a_shorter_one_answered) {
  constexpr millis hour = 3'600'000;
  const std::string two_hours = json::serialize(json::object{{"interval", interval()}});
  const auto refused = details_query(line.work().conversations(), line.watermark(), two_hours, hour);
  EXPECT_EQ(refused.status, 400u);
  EXPECT_NE(refused.body.find("longer than the maximum of 3600 seconds"), std::string::npos) << refused.body;
  const std::string one_hour = json::serialize(json::object{
      {"interval", core::format_iso8601_ms(config().start_ms) + "/" + core::format_iso8601_ms(config().start_ms + hour)}});
  EXPECT_EQ(details_query(line.work().conversations(), line.watermark(), one_hour, hour).status, 200u);
  EXPECT_EQ(details_query(line.work().conversations(), line.watermark(), two_hours, 0).status, 200u);
}

TEST_F(details_more, conversations_are_looked_up_by_id_repeated_or_comma_separated) {
  const auto& all = line.work().conversations();
  ASSERT_GT(all.size(), 3u);
  const auto by_repeat = details_by_ids(all, line.watermark(), {all[0].id, all[2].id, "no-such-id"});
  ASSERT_EQ(by_repeat.status, 200u);
  const auto rows = json::parse(by_repeat.body).at("conversations").as_array();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].at("conversationId").as_string(), all[0].id);
  EXPECT_EQ(rows[1].at("conversationId").as_string(), all[2].id);
  const auto by_comma = details_by_ids(all, line.watermark(), {all[0].id + "," + all[2].id});
  EXPECT_EQ(json::parse(by_comma.body).at("conversations").as_array().size(), 2u);
  EXPECT_EQ(details_by_ids(all, line.watermark(), {}).status, 400u);
  std::vector<std::string> too_many(details_max_ids + 1);
  for (std::size_t i = 0; i < too_many.size(); ++i) too_many[i] = "id-" + std::to_string(i);
  EXPECT_EQ(details_by_ids(all, line.watermark(), too_many).status, 400u);
}

// Session metrics: the customer's oMessageCount once the conversation ended, with its messages.
TEST_F(details_more, rows_carry_session_metrics_with_the_message_count_of_ended_conversations) {
  const auto& all = line.work().conversations();
  const auto ended = std::find_if(all.begin(), all.end(), [&](const sim_conversation& c) {
    return c.web() && c.end && *c.end <= line.watermark() && !c.messages.empty();
  });
  ASSERT_NE(ended, all.end());
  const auto a = details_by_ids(all, line.watermark(), {ended->id});
  const auto row = json::parse(a.body).at("conversations").at(0).as_object();
  const auto& customer_session = row.at("participants").at(0).at("sessions").at(0).as_object();
  std::int64_t count = -1;
  for (const auto& m : customer_session.at("metrics").as_array())
    if (m.at("name").as_string() == "oMessageCount") count = m.at("value").as_int64();
  EXPECT_EQ(count, std::int64_t(ended->messages.size()));
}

}  // namespace
}  // namespace wmpulse::sim
