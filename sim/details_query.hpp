#pragma once
// POST /api/v2/analytics/conversations/details/query over the ground truth, as of `now`:
// interval, conversationFilters / segmentFilters (and|or, predicates, clauses; matches,
// exists, notExists), order / orderBy, paging; Genesys' AnalyticsConversationQueryResponse.
#include <deque>

#include "sim/http_types.hpp"
#include "sim/model.hpp"

namespace wmpulse::sim {

inline constexpr int details_default_page_size = 25;
inline constexpr int details_max_page_size = 100;

answer details_query(const std::deque<sim_conversation>& conversations, millis now, std::string_view body);

}  // namespace wmpulse::sim
