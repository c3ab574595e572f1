#pragma once
// The Genesys Cloud REST calls the connector makes (facts §4.1, §7.1, §7.5), over api_client.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "events/source_status.hpp"
#include "genesys/api_client.hpp"
#include "genesys/conversation_snapshot.hpp"
#include "genesys/recovery_plan.hpp"

namespace wmpulse::genesys {

struct channel_info {
  std::string id;
  std::string connect_uri;
  std::optional<core::millis> expires_ms;  // `expires` (wall time), when given and readable
};

struct subscription_outcome {
  std::vector<std::string> permitted;
  std::vector<std::string> rejected;  // "topic (reason)"
};

template <class T>
using api_outcome = core::result<T, api_error>;

// Every queue (id and name), through the paged GET /api/v2/routing/queues, sorted by id.
asio::awaitable<api_outcome<std::vector<events::queue_label>>> list_queues(api_client& api, int page_size = 100);

asio::awaitable<api_outcome<channel_info>> create_channel(api_client& api);

// PUT (replace = true) or POST (add) …/subscriptions?ignoreErrors=true.
asio::awaitable<api_outcome<subscription_outcome>> subscribe(api_client& api, const std::string& channel_id,
                                                            const std::vector<std::string>& topics, bool replace);

struct details_result {
  std::vector<conversation_snapshot> conversations;
  std::uint64_t malformed = 0;
  int pages = 0;
};

// Every web messaging conversation of the query, through all pages.
asio::awaitable<api_outcome<details_result>> query_details(api_client& api, const details_query& q);

// The request body for one page (pure; tested on its own).
std::string details_query_body(const details_query& q, int page_number);

// At most this many ids per lookup (the API's own limit is not documented: inferred, kept small).
inline constexpr std::size_t details_lookup_max_ids = 100;

// GET /api/v2/analytics/conversations/details?id=…&id=… (AnalyticsApi.getAnalyticsConversationsDetails,
// "Gets multiple conversations by id"): the rows of those conversations, in the query's row shape.
asio::awaitable<api_outcome<details_result>> lookup_details(api_client& api, const std::vector<std::string>& ids);

// The request target of one lookup (pure; ids repeated as the SDKs send a `multi` collection).
std::string details_lookup_target(const std::vector<std::string>& ids);

// GET /api/v2/conversations/messages/{conversationId} (ConversationsApi.getConversationsMessage,
// facts §7.5): the conversation with every participant's messages[] (ids and times), for the
// messages a gap lost (docs/GENESYS.md "Messages after a gap").
asio::awaitable<api_outcome<conversation_snapshot>> get_message_conversation(api_client& api, const std::string& conversation_id);
std::string message_conversation_target(const std::string& conversation_id);

// A 4xx other than 401/429: the API refused this request as it is; asking again unchanged will not help.
inline bool is_refusal(const api_error& e) { return !e.fatal && e.status >= 400 && e.status < 500 && e.status != 401 && e.status != 429; }

}  // namespace wmpulse::genesys
