#include "net/run_guarded.hpp"

#include <exception>
#include <string>

#include "core/log.hpp"

namespace wmpulse::net {

std::uint64_t run_guarded(asio::io_context& ioc, std::string_view thread_name) {
  std::uint64_t failed = 0;
  for (;;) {
    try {
      ioc.run();
      return failed;
    } catch (const std::exception& e) {
      ++failed;
      core::log_error("net", std::string(thread_name) + " thread: a handler failed, going on: " + e.what());
    } catch (...) {
      ++failed;
      core::log_error("net", std::string(thread_name) + " thread: a handler failed (unknown exception), going on");
    }
  }
}

void co_spawn_guarded(asio::any_io_executor ex, asio::awaitable<void> task, escape_handler on_escape) {
  asio::co_spawn(std::move(ex), std::move(task), [on_escape = std::move(on_escape)](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& x) {
      on_escape(x.what());
    } catch (...) {
      on_escape("unknown exception");
    }
  });
}

void co_spawn_logged(asio::any_io_executor ex, asio::awaitable<void> task, std::string_view component, std::string what) {
  co_spawn_guarded(std::move(ex), std::move(task),
                   [component = std::string(component), what = std::move(what)](std::string_view why) {
                     core::log_error(component, what + ": " + std::string(why));
                   });
}

}  // namespace wmpulse::net
