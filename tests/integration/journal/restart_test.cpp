// build/wmpulse --data-dir with the tutorial source: half the stream, kill -9 once the journal
// on disk holds it, a restart on the same directory with the other half; the figures
// (totalConnections, open sessions, the window) and the history are those of the whole stream.
// Then a corrupted tail: the restart cuts it, says so, and serves what came before it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <thread>

#include <boost/json.hpp>

#include "core/iso8601.hpp"
#include "journal/journal.hpp"
#include "support/child_process.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "support/tutorial_stream_server.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using namespace wmpulse::testing;

// Sessions one second apart (event time), three messages each; every third stays open.
std::vector<std::string> frames(int from, int to) {
  std::vector<std::string> out;
  const long long start = 1'795'000'000'000LL;
  auto frame = [](const char* type, long long t, int s) {
    return json::serialize(json::object{{"eventType", std::string("webchat:") + type},
                                        {"timestamp", wmpulse::core::format_iso8601_ms(t)},
                                        {"data", {{"sessionId", "s" + std::to_string(s)}}}});
  };
  for (int s = from; s < to; ++s) {
    const long long t = start + s * 1000LL;
    out.push_back(frame("connected", t, s));
    for (int m = 1; m <= 3; ++m) out.push_back(frame("message", t + m * 100, s));
    if (s % 3 != 0) out.push_back(frame("disconnected", t + 900, s));
  }
  return out;
}

struct service {
  service(const std::string& url, const fs::path& data_dir, const char* clock = "event")
      : proc(WMPULSE_BINARY, {"--source", "tutorial", "--events-url", url, "--bind", "127.0.0.1", "--port", "0",
                              "--clock", clock, "--window", "20s", "--log-level", "warn", "--data-dir", data_dir.string()}) {
    if (auto line = proc.wait_for_line("listening on", 30s)) port = port_in_line(*line).value_or(0);
  }
  child_process proc;
  unsigned short port = 0;
};

const char* const query = "{ realTimeMetrics { activeSessions totalConnections messagesInWindow sessionsEndedInWindow } }";

json::value figures(unsigned short port) {
  auto a = graphql_query(port, query);
  const auto* d = a.is_object() ? a.as_object().if_contains("data") : nullptr;
  return d ? d->at("realTimeMetrics") : json::value();
}

// Bounded poll until the service's figures equal `want`; returns the last figures read.
json::value poll_figures(unsigned short port, const json::value& want) {
  json::value got;
  for (auto until = std::chrono::steady_clock::now() + 60s; std::chrono::steady_clock::now() < until;) {
    got = figures(port);
    if (got == want) break;
    std::this_thread::sleep_for(50ms);
  }
  return got;
}

struct on_disk {
  std::uint64_t events = 0;
  std::uint64_t connects = 0;
  long long last_record_ms = 0;
};

// What the journal on disk holds now (read from a copy, as a restart would find it).
on_disk read_disk(const fs::path& dir) {
  const auto copy = dir.string() + "-copy";
  fs::remove_all(copy);
  fs::create_directories(copy);
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".wmpj") fs::copy_file(e.path(), copy / e.path().filename());
  on_disk d;
  {
    wmpulse::journal::journal j({copy}, [](auto, auto) {}, 0);
    j.replay(
        [&](auto at, auto batch) {
          d.events += batch.size();
          for (const auto& e : batch) d.connects += e.kind == wmpulse::events::event_kind::connected;
          d.last_record_ms = at;
        },
        0, 0);
  }
  fs::remove_all(copy);
  return d;
}

std::uint64_t events_on_disk(const fs::path& dir) { return read_disk(dir).events; }

void wait_until_on_disk(const fs::path& dir, std::uint64_t events) {
  for (auto until = std::chrono::steady_clock::now() + 30s;
       events_on_disk(dir) < events && std::chrono::steady_clock::now() < until;)
    std::this_thread::sleep_for(100ms);
  ASSERT_GE(events_on_disk(dir), events) << "the journal did not reach the disk";
}

// What one uninterrupted service makes of `all` (the reference the restarted one must equal).
json::value reference_figures(const std::vector<std::string>& all, const fs::path& dir) {
  tutorial_stream_server src(all, {});
  service svc(src.url(), dir);
  std::uint64_t want_events = 0;
  for (const auto& f : all) want_events += f.find("webchat:") != std::string::npos;
  wait_until_on_disk(dir, want_events);
  return figures(svc.port);
}

TEST(journal_restart, tutorial_source_figures_survive_a_kill_9) {
  temp_dir ref_dir, dir;
  auto all = frames(0, 60);
  const auto want = reference_figures(all, ref_dir.path);
  ASSERT_TRUE(want.is_object());
  EXPECT_EQ(want.at("totalConnections").to_number<long long>(), 60);

  const auto first_half = frames(0, 30);
  {
    tutorial_stream_server src(first_half, {});
    service first(src.url(), dir.path);
    ASSERT_NE(first.port, 0);
    wait_until_on_disk(dir.path, first_half.size());
    first.proc.kill_hard();
  }
  tutorial_stream_server src(frames(30, 60), {});
  service second(src.url(), dir.path);
  ASSERT_NE(second.port, 0);
  EXPECT_EQ(poll_figures(second.port, want), want);
}

TEST(journal_restart, a_corrupted_tail_is_cut_and_what_came_before_it_is_served) {
  temp_dir ref_dir, dir;
  const auto before = frames(0, 20);
  const auto want = reference_figures(before, ref_dir.path);
  {
    tutorial_stream_server src(before, {});
    service first(src.url(), dir.path);
    wait_until_on_disk(dir.path, before.size());
    first.proc.kill_hard();
  }
  // Garbage where the next record would be, as a crash mid-write or a bad disk leaves it.
  fs::path last;
  for (const auto& e : fs::directory_iterator(dir.path))
    if (e.path().extension() == ".wmpj" && e.path() > last) last = e.path();
  std::ofstream(last, std::ios::binary | std::ios::app) << std::string("\x30\x00\x00\x00garbage-not-a-record", 24);
  tutorial_stream_server idle(std::vector<std::string>{}, {});
  service second(idle.url(), dir.path);
  ASSERT_NE(second.port, 0);
  EXPECT_EQ(poll_figures(second.port, want), want);
  EXPECT_TRUE(second.proc.running());
}

// The generator (invented sessions, no recovery of its own): what reached the disk before a
// kill -9 is what a restart serves — totalConnections counts every connect the journal holds.
TEST(journal_restart, generator_source_figures_survive_a_kill_9) {
  temp_dir dir;
  const std::vector<std::string> common{"--bind", "127.0.0.1", "--port", "0", "--log-level", "warn", "--data-dir", dir.path.string()};
  auto args = common;
  args.insert(args.end(), {"--source", "generator", "--generator-rate", "1200"});
  {
    child_process first(WMPULSE_BINARY, args);
    ASSERT_NE(listening_port(first), 0);
    for (auto until = std::chrono::steady_clock::now() + 30s;
         read_disk(dir.path).connects < 20 && std::chrono::steady_clock::now() < until;)
      std::this_thread::sleep_for(100ms);
    first.kill_hard();
  }
  const auto disk = read_disk(dir.path);
  ASSERT_GE(disk.connects, 20u);
  args = common;
  args.insert(args.end(), {"--source", "none"});
  child_process second(WMPULSE_BINARY, args);
  const auto port = listening_port(second);
  ASSERT_NE(port, 0);
  json::value total;
  for (auto until = std::chrono::steady_clock::now() + 30s; std::chrono::steady_clock::now() < until;) {
    const auto f = figures(port);
    if (f.is_object()) total = f.at("totalConnections");
    if (total == json::value(static_cast<std::int64_t>(disk.connects))) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(total, json::value(static_cast<std::int64_t>(disk.connects)));
}

// A replay (a recording of the tutorial protocol): the first file's events journaled, kill -9,
// a restart replaying the second file on the same directory — the figures of both files at once.
TEST(journal_restart, replay_source_figures_survive_a_kill_9) {
  temp_dir ref_dir, dir;
  auto write = [&](const fs::path& file, const std::vector<std::string>& lines) {
    std::ofstream out(file);
    for (const auto& l : lines) out << l << "\n";
    return file.string();
  };
  fs::create_directories(ref_dir.path);
  const auto first_file = write(ref_dir.path / "first.jsonl", frames(0, 30));
  const auto second_file = write(ref_dir.path / "second.jsonl", frames(30, 60));
  const auto all_file = write(ref_dir.path / "all.jsonl", frames(0, 60));
  auto replay = [&](const std::string& file, const fs::path& data_dir) {
    return std::make_unique<child_process>(
        WMPULSE_BINARY, std::vector<std::string>{"--source", "replay", "--replay-file", file, "--speed", "max",
                                                 "--bind", "127.0.0.1", "--port", "0", "--clock", "event",
                                                 "--window", "20s", "--log-level", "warn", "--data-dir", data_dir.string()});
  };
  json::value want;
  {
    auto reference = replay(all_file, ref_dir.path / "journal");
    const auto port = listening_port(*reference);
    ASSERT_NE(port, 0);
    wait_until_on_disk(ref_dir.path / "journal", frames(0, 60).size());
    want = figures(port);
  }
  ASSERT_TRUE(want.is_object());
  EXPECT_EQ(want.at("totalConnections").to_number<long long>(), 60);
  {
    auto first = replay(first_file, dir.path);
    ASSERT_NE(listening_port(*first), 0);
    wait_until_on_disk(dir.path, frames(0, 30).size());
    first->kill_hard();
  }
  auto second = replay(second_file, dir.path);
  const auto port = listening_port(*second);
  ASSERT_NE(port, 0);
  EXPECT_EQ(poll_figures(port, want), want);
}

// second -> "activeSessions/totalConnections" of each point of the last minute's history.
std::map<long long, std::string> history_by_second(unsigned short port) {
  std::map<long long, std::string> out;
  auto a = graphql_query(port, "{ history(lastSeconds: 60) { atMs metrics { activeSessions totalConnections } } }");
  const auto* d = a.is_object() ? a.as_object().if_contains("data") : nullptr;
  if (!d) return out;
  for (const auto& p : d->at("history").as_array()) {
    const auto& m = p.at("metrics");
    out[static_cast<long long>(p.at("atMs").to_number<double>()) / 1000] =
        json::serialize(m.at("activeSessions")) + "/" + json::serialize(m.at("totalConnections"));
  }
  return out;
}

// Wall clock: the per-second history the first process served is served again after the restart.
TEST(journal_restart, the_history_survives_a_kill_9) {
  temp_dir dir;
  const long long now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
  std::vector<std::string> live;
  for (int s = 0; s < 12; ++s) {
    auto f = [&](const char* type, long long t) {
      return json::serialize(json::object{{"eventType", std::string("webchat:") + type},
                                          {"timestamp", wmpulse::core::format_iso8601_ms(t)},
                                          {"data", {{"sessionId", "h" + std::to_string(s)}}}});
    };
    live.push_back(f("connected", now - 5'000 + s));
    if (s % 2) live.push_back(f("disconnected", now - 4'000 + s));
  }
  std::map<long long, std::string> before;
  {
    tutorial_stream_server src(live, {});
    service first(src.url(), dir.path, "wall");
    ASSERT_NE(first.port, 0);
    // Bounded polls: a few seconds of history, then all of it flushed (a record or heartbeat after it).
    for (auto until = std::chrono::steady_clock::now() + 30s; before.size() < 3 && std::chrono::steady_clock::now() < until;) {
      std::this_thread::sleep_for(100ms);
      before = history_by_second(first.port);
    }
    ASSERT_GE(before.size(), 3u);
    for (auto until = std::chrono::steady_clock::now() + 30s;
         read_disk(dir.path).last_record_ms / 1000 <= before.rbegin()->first && std::chrono::steady_clock::now() < until;)
      std::this_thread::sleep_for(100ms);
    first.proc.kill_hard();
  }
  tutorial_stream_server idle(std::vector<std::string>{}, {});
  service second(idle.url(), dir.path, "wall");
  ASSERT_NE(second.port, 0);
  std::map<long long, std::string> after;
  for (auto until = std::chrono::steady_clock::now() + 30s; std::chrono::steady_clock::now() < until;) {
    after = history_by_second(second.port);
    if (after.contains(before.begin()->first)) break;
    std::this_thread::sleep_for(50ms);
  }
  for (const auto& [second_at, figures] : before) {
    ASSERT_TRUE(after.contains(second_at)) << "second " << second_at << " lost; after the restart: " << after.size()
                                           << " points from " << (after.empty() ? 0 : after.begin()->first) << ", before: "
                                           << before.size() << " from " << before.begin()->first;
    EXPECT_EQ(after.at(second_at), figures) << "second " << second_at;
  }
}

}  // namespace
