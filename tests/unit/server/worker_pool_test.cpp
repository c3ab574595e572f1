#include "server/worker_pool.hpp"

#include <atomic>
#include <future>
#include <latch>

#include <gtest/gtest.h>

namespace wmpulse::server {
namespace {

// Occupies a lane's only thread with a job that waits for release.count_down().
void occupy(worker_lane& lane, std::latch& release) {
  std::promise<void> started;
  ASSERT_TRUE(lane.try_post([&] {
    started.set_value();
    release.wait();
  }));
  started.get_future().wait();
}

TEST(worker_lane, runs_jobs_and_refuses_past_its_queue_bound) {
  worker_lane lane({"test", 1, 2});
  lane.start();
  std::latch release(1);
  occupy(lane, release);
  std::atomic<int> ran{0};
  EXPECT_TRUE(lane.try_post([&] { ++ran; }));
  EXPECT_TRUE(lane.try_post([&] { ++ran; }));
  std::function<void()> third = [&] { ++ran; };
  EXPECT_FALSE(lane.try_post(third)) << "the queue holds 2";
  EXPECT_TRUE(third) << "a refused job is left to the caller";
  EXPECT_EQ(lane.refused(), 1u);
  release.count_down();
  std::promise<void> done;
  while (!lane.try_post([&] { done.set_value(); })) std::this_thread::yield();
  done.get_future().wait();
  EXPECT_EQ(ran, 2);
}

TEST(worker_lane, stop_drops_queued_jobs_without_running_them) {
  worker_lane lane({"test", 1, 8});
  lane.start();
  std::latch release(1);
  occupy(lane, release);
  auto alive = std::make_shared<int>(0);
  std::weak_ptr<int> watch = alive;
  ASSERT_TRUE(lane.try_post([alive = std::move(alive)] { ++*alive; }));
  std::thread stopper([&] { lane.stop(); });
  release.count_down();
  stopper.join();
  EXPECT_TRUE(watch.expired()) << "the queued job was destroyed";
  EXPECT_FALSE(lane.try_post([] {})) << "stopped";
}

}  // namespace
}  // namespace wmpulse::server
