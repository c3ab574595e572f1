#pragma once
// Waiting, behind a function, so tests can record the waits a component asks for and
// advance a manual clock instead of sleeping.
#include <functional>

#include "core/clock.hpp"
#include "net/net.hpp"

namespace wmpulse::genesys {

using delay_fn = std::function<net::asio::awaitable<void>(core::millis)>;

// A steady_timer wait on the current executor; ends early (without error) when cancelled.
delay_fn timer_delay();

}  // namespace wmpulse::genesys
