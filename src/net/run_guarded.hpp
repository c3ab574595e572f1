#pragma once
// The loop every thread of ours runs an io_context with (ingest, HTTP server, simulator), and
// the one way we spawn a coroutine: whatever escapes either is reported, never lost.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "net/net.hpp"

namespace wmpulse::net {

// Runs `ioc` until it runs out of work or is stopped. An exception escaping a handler is logged
// (naming the thread) and counted, and the loop goes on: never a silently dead thread.
// Returns how many handlers failed.
std::uint64_t run_guarded(asio::io_context& ioc, std::string_view thread_name);

// Receives what escaped a spawned coroutine: the exception's what(), or "unknown exception".
using escape_handler = std::function<void(std::string_view why)>;

// Spawns `task` on `ex`; an exception that ends it goes to `on_escape` (on `ex`).
void co_spawn_guarded(asio::any_io_executor ex, asio::awaitable<void> task, escape_handler on_escape);

// Spawns `task` on `ex`; an exception that ends it is logged as an error under `component`:
// "<what>: <why>".
void co_spawn_logged(asio::any_io_executor ex, asio::awaitable<void> task, std::string_view component, std::string what);

}  // namespace wmpulse::net
