// The process itself: a closed stderr (a log collector that went away) must not kill the
// service. Without SIGPIPE ignored, the first log line written to the closed pipe ends it.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include "support/child_process.hpp"
#include "support/http_client.hpp"

namespace wmpulse::testing {
namespace {

// Starts wmpulse with stdout on a pipe we read and stderr on a pipe whose read end is closed.
struct service_with_closed_stderr {
  pid_t pid = -1;
  int out = -1;

  explicit service_with_closed_stderr(const std::vector<std::string>& args) {
    int out_pipe[2], err_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) return;
    pid = fork();
    if (pid == 0) {
      dup2(out_pipe[1], STDOUT_FILENO);
      dup2(err_pipe[1], STDERR_FILENO);
      close(out_pipe[0]);
      close(err_pipe[0]);
      std::vector<char*> argv{const_cast<char*>(WMPULSE_BINARY)};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(WMPULSE_BINARY, argv.data());
      _exit(127);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    close(err_pipe[0]);  // nobody reads stderr any more
    out = out_pipe[0];
  }
  ~service_with_closed_stderr() {
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    if (out >= 0) close(out);
  }
  std::optional<unsigned short> port() {
    std::string line;
    char c = 0;
    while (read(out, &c, 1) == 1 && c != '\n') line.push_back(c);  // the first line: listening on …
    return port_in_line(line);
  }
  bool alive() { return waitpid(pid, nullptr, WNOHANG) == 0; }
};

std::optional<long> reconnects(unsigned short port) {
  const auto reply = http_request(port, "GET", "/metrics", {}, {}, "text/plain");
  const std::string key = "\nwmpulse_source_reconnects_total ";
  const auto at = reply.body.find(key);
  if (reply.status != 200 || at == std::string::npos) return std::nullopt;
  return std::stol(reply.body.substr(at + key.size()));
}

TEST(process, a_closed_stderr_does_not_kill_the_service) {
  // A tutorial source that cannot connect logs a warning on every attempt.
  service_with_closed_stderr svc({"--port", "0", "--bind", "127.0.0.1", "--source", "tutorial", "--events-url",
                                  "ws://127.0.0.1:1/stream", "--log-level", "info"});
  ASSERT_GT(svc.pid, 0);
  const auto port = svc.port();
  ASSERT_TRUE(port) << "no listening line";
  // Bounded poll: two failed attempts (each logged to the closed stderr) must have happened.
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::optional<long> n;
  while (std::chrono::steady_clock::now() < limit && svc.alive()) {
    n = reconnects(*port);
    if (n && *n >= 2) break;
    usleep(50'000);
  }
  ASSERT_TRUE(svc.alive()) << "the service died writing to a closed stderr";
  ASSERT_TRUE(n && *n >= 2) << "the source never logged a failure";
  EXPECT_EQ(http_request(*port, "GET", "/healthz", {}, {}, "text/plain").status, 200u);
}

}  // namespace
}  // namespace wmpulse::testing
