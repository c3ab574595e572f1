#pragma once
// What every event source is to the service: started, stopped and asked for its status. A
// source is given its event_sink when it is built, and feeds it batches on the ingest thread.
#include <functional>
#include <string>

#include "events/source_status.hpp"

namespace wmpulse::events {

class source {
public:
  using fatal_handler = std::function<void(const std::string& message)>;

  virtual ~source() = default;

  virtual void start() = 0;  // returns at once; the work runs on the ingest thread
  virtual void stop() = 0;   // any thread; idempotent
  // What the source knows of itself; the sink's counts (events ingested, rejects, newest
  // event time) are left at zero here and added by the sink. Called on the ingest thread.
  virtual source_status status() const = 0;

  // Called once, on the ingest thread, when the source stops for good because its
  // configuration is wrong (credentials refused, …); the message holds no secret. Set before
  // start(). Sources that cannot fail for good ignore it.
  virtual void on_fatal(fatal_handler handler) { (void)handler; }
};

}  // namespace wmpulse::events
