#pragma once
// The loop every thread of ours runs an io_context with (ingest, HTTP server, simulator).
#include <cstdint>
#include <string_view>

#include "net/net.hpp"

namespace wmpulse::net {

// Runs `ioc` until it runs out of work or is stopped. An exception escaping a handler is logged
// (naming the thread) and counted, and the loop goes on: never a silently dead thread.
// Returns how many handlers failed.
std::uint64_t run_guarded(asio::io_context& ioc, std::string_view thread_name);

}  // namespace wmpulse::net
