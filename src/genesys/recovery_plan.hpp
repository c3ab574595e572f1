#pragma once
// What one gap recovery asks the analytics details API for (pure: no I/O, no clock).
// A query the API refuses with a 4xx (an interval too long, say) is split in halves and asked
// again. One refused at the shortest span cannot be helped by asking again: it and the rest of
// the plan are given up. A span once refused is not asked again: longer pieces are split before
// they are sent. So a recovery makes at most log2(span / shortest span) + 1 refused requests.
#include <deque>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "genesys/conversation_snapshot.hpp"

namespace wmpulse::genesys {

// POST /api/v2/analytics/conversations/details/query for one interval (facts §7.1).
struct details_query {
  core::millis from_ms = 0;
  core::millis to_ms = 0;
  bool open_only = false;  // conversationEnd notExists
  int page_size = 100;
};

class query_plan {
public:
  // refused_span: the shortest span refused before (0 = none), remembered across recoveries.
  query_plan(std::vector<details_query> queries, core::millis min_span_ms, core::millis refused_span_ms = 0);

  bool done() const { return todo_.empty(); }
  // The next query to send (splits a piece as long as a span already refused first).
  const details_query& next();
  void succeeded();
  // The query from next() was refused. True: split, its halves come next. False: it is at the
  // shortest span; abandon() then gives up the rest.
  bool refused();
  // What is left (the refused query first), removed from the plan.
  std::vector<details_query> abandon();
  core::millis refused_span() const { return refused_span_; }

private:
  bool splittable(const details_query& q) const;
  void split_front();

  std::deque<details_query> todo_;
  core::millis min_span_;
  core::millis refused_span_;
};

// What a gap recovery looks up by id once its interval rows are read: the conversations `open`
// (as the differ knows them, sorted) that the rows do not include. Not only those that started
// before the interval: the rows are chosen by conversationStart, which comes before the
// customer's connectedTime the differ knows, so a conversation that started just before the
// interval and connected inside it was returned by neither, and its end was lost.
std::vector<std::string> not_returned(std::vector<std::string> open, const std::vector<conversation_snapshot>& rows);

// Ids in batches of at most n (the lookup by ids takes a bounded list per request).
std::vector<std::vector<std::string>> in_batches(const std::vector<std::string>& ids, std::size_t n);

// "2026-12-02T05:00:00.000Z .. 2026-12-02T06:00:00.000Z", for logs and status.
std::string describe(const details_query& q);

}  // namespace wmpulse::genesys
