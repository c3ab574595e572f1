#pragma once
// Runs a binary under test as a child process, reads its stdout line by line (bounded waits),
// and stops it (SIGTERM, then SIGKILL) when it goes out of scope.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wmpulse::testing {

class child_process {
public:
  // env entries are added to (or override) the test's own environment.
  child_process(const std::string& binary, const std::vector<std::string>& args,
                const std::map<std::string, std::string>& env = {});
  ~child_process();
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  // The next stdout line, or nullopt when none came within the timeout or the child exited.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // Reads lines until one contains `needle`; returns it.
  std::optional<std::string> wait_for_line(const std::string& needle, std::chrono::milliseconds timeout);

  // SIGTERM, wait up to the timeout, then SIGKILL. Returns the exit status (or -signal).
  int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));
  void kill_hard();  // SIGKILL: a crash, as far as the child can tell
  bool running();
  int pid() const { return pid_; }

private:
  int pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffer_;
  std::optional<int> exit_status_;
};

// The port from a line such as "… listening on http://127.0.0.1:4321 …".
std::optional<unsigned short> port_in_line(const std::string& line);

// The port a child announces on its "listening on" line (30 s at most); 0 when it never does.
unsigned short listening_port(child_process& p);

// A loopback port nothing listened on a moment ago: bound, then closed (for a child that cannot
// be told port 0; the caller retries with another when it loses the race).
unsigned short unused_loopback_port();

}  // namespace wmpulse::testing
