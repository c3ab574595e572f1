// The messages a socket gap lost, fetched per conversation after the gap's recovery
// (docs/GENESYS.md "Messages after a gap").
#include "core/log.hpp"
#include "genesys/connector_impl.hpp"
#include "genesys/gap_messages.hpp"

namespace wmpulse::genesys {
namespace asio = net::asio;
namespace {
constexpr std::string_view component = "genesys";
}  // namespace

// Each answer goes through the differ at once (new message ids only), so what is fetched counts
// even if a later request fails. A 404 (the conversation is gone) skips that one; another
// refusal (a missing permission) gives up the rest, once; any other failure ends the recovery,
// which is asked again after a backoff.
asio::awaitable<bool> connector::impl::recover_gap_messages(const details_result& read, core::millis gap_start) {
  const auto ids = conversations_to_fetch(read.conversations, differ_, gap_start);
  if (ids.empty()) co_return true;
  std::size_t fetched = 0, gone = 0, messages = 0;
  for (const auto& id : ids) {
    auto r = co_await get_message_conversation(api_, id);
    check_stopping();
    if (!r && r.error().status == 404) {
      ++gone;
      continue;
    }
    if (!r && !is_refusal(r.error())) {
      handle_api_error(r.error(), "gap messages");
      co_return false;
    }
    if (!r) {
      ++figures_.refused_queries;
      give_up("messages of " + std::to_string(ids.size() - fetched - gone) + " conversation(s) open across a gap", r.error());
      break;
    }
    ++fetched;
    std::vector<events::session_event> batch;
    differ_.apply_fetched(r.value(), known_queues_, clock_.now_ms(), batch);
    for (const auto& e : batch) messages += e.kind == events::event_kind::message ? 1 : 0;
    deliver(batch, false);
  }
  core::log_info(component, "gap messages: " + std::to_string(fetched) + " of " + std::to_string(ids.size()) +
                                " conversation(s) open across the gap fetched (" + std::to_string(gone) + " gone), " +
                                std::to_string(messages) + " message(s) recovered");
  co_return true;
}

}  // namespace wmpulse::genesys
