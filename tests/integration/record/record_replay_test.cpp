// --record then --source replay: a run of the service on the simulator's stream, recorded, and
// the recording replayed with the event clock, give the same figures.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <boost/json.hpp>

#include "support/child_process.hpp"
#include "support/http_client.hpp"

using namespace wmpulse::testing;
using namespace std::chrono_literals;

namespace {

namespace fs = std::filesystem;

const std::string figures_query =
    "{ realTimeMetrics { totalConnections activeSessions avgSessionDurationMs messagesInWindow sessionsEndedInWindow "
    "messagesPerMinute takenAtMs } queues { queueId } }";

boost::json::value figures(unsigned short port) {
  auto v = graphql_query(port, figures_query);
  return v.is_object() && v.as_object().contains("data") ? v.at("data") : boost::json::value();
}

std::string state_of(unsigned short port) {
  auto v = graphql_query(port, "{ status { state } }");
  return v.is_object() && v.as_object().contains("data") ? std::string(v.at("data").at("status").at("state").as_string()) : "";
}

std::unique_ptr<child_process> start_service(std::vector<std::string> args, unsigned short& port) {
  for (auto a : {"--clock", "event", "--port", "0", "--bind", "127.0.0.1", "--log-level", "error"}) args.push_back(a);
  auto p = std::make_unique<child_process>(WMPULSE_BINARY, args);
  auto line = p->wait_for_line("listening on", 30s);
  port = line ? port_in_line(*line).value_or(0) : 0;
  return p;
}

// Polls until `done` holds or the deadline passes (a bounded wait for a condition).
template <class F>
bool eventually(F done, std::chrono::seconds limit = 60s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(200ms);
  }
  return false;
}

TEST(record_replay, a_recorded_run_replays_to_the_same_figures) {
  const fs::path dir = fs::temp_directory_path() / ("wmpulse-record-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto file = (dir / "run.jsonl").string();

  auto sim = std::make_unique<child_process>(
      WMPULSE_SIM_BINARY, std::vector<std::string>{"--port", "0", "--no-auth-stream", "--speed", "20", "--rate", "240", "--seed", "7"});
  const auto sim_line = sim->wait_for_line("listening on", 30s);
  ASSERT_TRUE(sim_line);
  const auto sim_port = port_in_line(*sim_line).value_or(0);
  unsigned short port = 0;
  auto live = start_service({"--source", "tutorial", "--events-url",
                             "ws://127.0.0.1:" + std::to_string(sim_port) + "/api/v2/analytics/events/stream", "--record", file},
                            port);
  ASSERT_NE(port, 0);
  ASSERT_TRUE(eventually([&] {
    auto f = figures(port);
    return f.is_object() && f.at("realTimeMetrics").at("sessionsEndedInWindow").to_number<double>() >= 5;
  }));
  sim.reset();  // no more frames: the live figures settle
  boost::json::value recorded, previous;
  ASSERT_TRUE(eventually([&] {
    previous = std::exchange(recorded, figures(port));
    return recorded.is_object() && recorded == previous;
  }));
  // The recorder reports what it wrote: every frame received, none dropped (flushed within a second).
  boost::json::object rec;
  ASSERT_TRUE(eventually([&] {
    auto v = graphql_query(port, "{ status { framesReceived recorder { framesWritten framesDropped writeErrors } } }");
    if (!v.is_object() || !v.as_object().contains("data")) return false;
    rec = v.at("data").at("status").as_object();
    return rec.at("recorder").is_object() && rec.at("recorder").at("framesWritten") == rec.at("framesReceived");
  }, 10s)) << boost::json::serialize(rec);
  EXPECT_GT(rec.at("framesReceived").to_number<double>(), 10);
  EXPECT_EQ(rec.at("recorder").at("framesDropped").to_number<double>(), 0);
  EXPECT_NE(http_request(port, "GET", "/metrics", {}, "application/json", "text/plain").body.find("\nwmpulse_recorder_frames_written_total "), std::string::npos);
  live->stop();  // the recorder writes what it holds on the way out

  std::size_t lines = 0;
  for (std::ifstream in(file); in.ignore(1 << 30, '\n');) ++lines;
  EXPECT_GT(lines, 10u);

  auto replay = start_service({"--source", "replay", "--replay-file", file}, port);
  ASSERT_NE(port, 0);
  ASSERT_TRUE(eventually([&] { return state_of(port) == "STOPPED"; })) << "the replay did not reach the end of the file";
  boost::json::value replayed;
  eventually([&] { return (replayed = figures(port)) == recorded; }, 10s);  // the last publication may trail the end
  EXPECT_EQ(boost::json::serialize(replayed), boost::json::serialize(recorded));
  replay.reset();
  fs::remove_all(dir);
}

}  // namespace
