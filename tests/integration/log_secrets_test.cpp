// The real binaries on loopback: wmpulse-sim (TLS, test CA) and wmpulse --source genesys, first
// with a wrong client secret (login refused), then with the right one (logged in, subscribed).
// Everything either process writes to stdout or stderr, at debug level, is searched for the
// client secret and for every access token the simulator can have issued: none may appear.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "genesys/http_client.hpp"
#include "net/tls.hpp"
#include "sim/tokens.hpp"
#include "support/child_process.hpp"
#include "support/http_client.hpp"

namespace {

using namespace std::chrono_literals;
using wmpulse::testing::child_process;

const char* const client_id = "log-grep-client";
const char* const client_secret = "log-grep-secret-7f3a9c51e2";
const char* const wrong_secret = "log-grep-wrong-secret-0";
constexpr std::uint64_t sim_seed = 4242;

// Runs `binary args` with stderr joined to stdout, so the pipe holds all it writes.
std::unique_ptr<child_process> run_all_output(const std::string& binary, std::vector<std::string> args,
                                              const std::map<std::string, std::string>& env = {}) {
  std::vector<std::string> sh{"-c", "exec \"$0\" \"$@\" 2>&1", binary};
  sh.insert(sh.end(), args.begin(), args.end());
  return std::make_unique<child_process>("/bin/sh", sh, env);
}

// Reads what is left until the pipe closes (the process ended) or 30 s pass.
std::string drain(child_process& p) {
  std::string all;
  while (auto line = p.read_line(30s)) all += *line + "\n";
  return all;
}

// Reads lines into `all` until one contains `needle` (returned) or none comes within 30 s:
// what a process writes before it says it is listening is searched too.
std::optional<std::string> read_until(child_process& p, const std::string& needle, std::string& all) {
  while (auto line = p.read_line(30s)) {
    all += *line + "\n";
    if (line->find(needle) != std::string::npos) return line;
  }
  return std::nullopt;
}

// The tokens the simulator issues first with this seed: its token store draws from its own
// seeded generator, so the test can know them without the simulator printing them.
std::vector<std::string> first_tokens(int n) {
  wmpulse::core::manual_clock clock(0);
  wmpulse::sim::token_store store(clock, sim_seed, 3'600'000, 300);
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(store.issue(client_id));
  return out;
}

// The simulator's answer to an API call with this bearer token (proves the token list is real).
unsigned api_status_with(const std::string& base, const std::string& ca, const std::string& token) {
  namespace asio = wmpulse::net::asio;
  asio::io_context ioc;
  auto tls = wmpulse::net::make_client_tls_context(ca);
  wmpulse::genesys::beast_http_transport transport(tls, 10'000);
  unsigned status = 0;
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        const wmpulse::genesys::http_request req{
            wmpulse::genesys::http::verb::get, base + "/api/v2/routing/queues", {{"Authorization", "Bearer " + token}}, {}, {}};
        auto r = co_await transport.send(req);
        if (r) status = r.value().status;
      },
      asio::detached);
  ioc.run();
  return status;
}

std::vector<std::string> wmpulse_args(const std::string& base, const std::string& ca, const char* format) {
  return {"--source", "genesys", "--login-base", base, "--api-base", base, "--ca-file", ca, "--bind", "127.0.0.1",
          "--port", "0", "--log-level", "debug", "--log-format", format};
}

// Bounded poll: the service has a notification channel, which takes a token.
bool subscribed(unsigned short port) {
  const auto until = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < until) {
    auto a = wmpulse::testing::graphql_query(port, "{ status { channels } }");
    const auto* data = a.is_object() ? a.as_object().if_contains("data") : nullptr;
    if (data && data->at("status").at("channels").to_number<long long>() >= 1) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

}  // namespace

TEST(log_secrets, no_secret_or_token_in_any_output_of_a_failed_and_a_working_login) {
  const auto ca = (std::filesystem::temp_directory_path() / ("log-secrets-ca-" + std::to_string(::getpid()) + ".pem")).string();
  auto sim = run_all_output(WMPULSE_SIM_BINARY, {"--port", "0", "--tls", "--ca-out", ca, "--client-id", client_id,
                                                 "--client-secret", client_secret, "--seed", std::to_string(sim_seed),
                                                 "--queues", "2", "--rate", "60", "--speed", "10", "--log-level", "debug"});
  std::string sim_out;
  auto listening = read_until(*sim, "listening on", sim_out);
  ASSERT_TRUE(listening) << sim_out;
  const std::string base = "https://127.0.0.1:" + std::to_string(wmpulse::testing::port_in_line(*listening).value_or(0));

  auto refused = run_all_output(WMPULSE_BINARY, wmpulse_args(base, ca, "text"),
                                {{"GENESYS_CLOUD_CLIENT_ID", client_id}, {"GENESYS_CLOUD_CLIENT_SECRET", wrong_secret}});
  std::string refused_out = drain(*refused);
  EXPECT_NE(refused->stop(), 0) << "a refused login ends the service\n" << refused_out;

  auto working = run_all_output(WMPULSE_BINARY, wmpulse_args(base, ca, "json"),
                                {{"GENESYS_CLOUD_CLIENT_ID", client_id}, {"GENESYS_CLOUD_CLIENT_SECRET", client_secret}});
  std::string working_out;
  auto line = read_until(*working, "listening on", working_out);
  ASSERT_TRUE(line) << working_out;
  EXPECT_TRUE(subscribed(wmpulse::testing::port_in_line(*line).value_or(0))) << "the right secret logs in";
  working->stop();
  working_out += drain(*working);
  EXPECT_EQ(api_status_with(base, ca, first_tokens(1).front()), 200u) << "the test knows the token the service got";
  sim->stop();
  sim_out += drain(*sim);
  std::filesystem::remove(ca);

  ASSERT_NE(refused_out.find("401"), std::string::npos) << "the refusal is logged:\n" << refused_out;
  std::size_t json_lines = 0;
  for (std::size_t at = 0, nl; (nl = working_out.find('\n', at)) != std::string::npos; at = nl + 1) {
    const auto l = working_out.substr(at, nl - at);
    if (l.empty() || l[0] != '{') continue;
    boost::system::error_code ec;
    auto v = boost::json::parse(l, ec);
    ASSERT_FALSE(ec) << l;
    EXPECT_TRUE(v.as_object().contains("time") && v.as_object().contains("level") && v.as_object().contains("component") &&
                v.as_object().contains("message"))
        << l;
    ++json_lines;
  }
  EXPECT_GT(json_lines, 0u) << working_out;

  const std::pair<const char*, const std::string*> outputs[] = {
      {"simulator", &sim_out}, {"refused wmpulse", &refused_out}, {"working wmpulse", &working_out}};
  for (const auto& [who, out] : outputs) {
    for (const char* secret : {client_secret, wrong_secret})
      EXPECT_EQ(out->find(secret), std::string::npos) << who << " wrote the client secret " << secret << ":\n" << *out;
    for (const auto& token : first_tokens(16))
      EXPECT_EQ(out->find(token), std::string::npos) << who << " wrote access token " << token << ":\n" << *out;
  }
}
