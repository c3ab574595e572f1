#include "server/fd_limit.hpp"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace wmpulse::server {

fd_limit_change raise_open_file_limit() {
  fd_limit_change out;
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) {
    out.error = std::string("getrlimit(RLIMIT_NOFILE): ") + std::strerror(errno);
    return out;
  }
  out.before = out.after = lim.rlim_cur;
  if (lim.rlim_cur == lim.rlim_max) return out;
  rlimit raised{lim.rlim_max, lim.rlim_max};
  if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) {
    out.error = std::string("setrlimit(RLIMIT_NOFILE): ") + std::strerror(errno);
    return out;
  }
  out.after = lim.rlim_max;
  return out;
}

}  // namespace wmpulse::server
