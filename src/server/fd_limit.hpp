#pragma once
// The process's open-file limit. A server holding one descriptor per client raises its soft
// RLIMIT_NOFILE to the hard limit at start, so that the connection caps, not the default
// 1024, decide how many clients it serves.
#include <cstdint>
#include <string>

namespace wmpulse::server {

struct fd_limit_change {
  std::uint64_t before = 0;
  std::uint64_t after = 0;
  std::string error;  // empty when the limit was read (and raised where possible)
};

fd_limit_change raise_open_file_limit();

}  // namespace wmpulse::server
