#pragma once
// An event_sink that keeps what it was given, batch by batch.
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "events/event_sink.hpp"

namespace wmpulse::sources::testing {

struct recording_sink final : events::event_sink {
  void accept(std::span<const events::session_event> batch) override {
    batches.emplace_back(batch.begin(), batch.end());
    accepted.insert(accepted.end(), batch.begin(), batch.end());
  }
  void reject(events::decode_reason r, std::string_view detail) override { rejected.emplace_back(r, std::string(detail)); }
  std::vector<std::vector<events::session_event>> batches;
  std::vector<events::session_event> accepted;
  std::vector<std::pair<events::decode_reason, std::string>> rejected;
};

}  // namespace wmpulse::sources::testing
