#pragma once
// `--queues` names queues by id or by name; the routing queue list turns them into ids.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "events/source_status.hpp"

namespace wmpulse::genesys {

// True when `text` has the shape of a Genesys Cloud id (a UUID: 8-4-4-4-12 hex digits).
bool looks_like_queue_id(std::string_view text);

// The ids of the `wanted` queues, in the order given, without repeats. Each entry is a listed
// queue's id, its exact name, or a name equal but for letter case to exactly one listed name.
// An id that is not listed is kept (the listing may not show every queue). Error: the first
// entry that is no listed id, no UUID and matches no name (or several), named.
core::result<std::vector<std::string>, std::string> resolve_queues(const std::vector<std::string>& wanted,
                                                                   const std::vector<events::queue_label>& listed);

// The labels of the `followed` queues that `listed` names, sorted by id.
std::vector<events::queue_label> labels_of(const std::vector<events::queue_label>& listed,
                                           const std::vector<std::string>& followed);

}  // namespace wmpulse::genesys
