#pragma once
// POST /api/v2/analytics/conversations/details/query over the ground truth, as of `now`:
// interval, conversationFilters / segmentFilters (and|or, predicates, clauses; matches,
// exists, notExists), order / orderBy, paging; Genesys' AnalyticsConversationQueryResponse.
// Rows carry their sessions' `metrics` (nConnected, oMessageCount, nOffered, tAcd, tAlert).
#include <deque>
#include <string>
#include <vector>

#include "sim/http_types.hpp"
#include "sim/model.hpp"

namespace wmpulse::sim {

inline constexpr int details_default_page_size = 25;
inline constexpr int details_max_page_size = 100;

inline constexpr std::size_t details_max_ids = 100;

// Refuses (400) an interval longer than max_interval_ms (0: any length).
answer details_query(const std::deque<sim_conversation>& conversations, millis now, std::string_view body,
                     millis max_interval_ms = 0);

// GET /api/v2/analytics/conversations/details?id=… (AnalyticsApi.getAnalyticsConversationsDetails):
// the conversations of those ids started by `now`, as the query renders them; unknown ids are
// left out. At most details_max_ids ids.
answer details_by_ids(const std::deque<sim_conversation>& conversations, millis now, const std::vector<std::string>& ids);

}  // namespace wmpulse::sim
