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

}  // namespace wmpulse::net
