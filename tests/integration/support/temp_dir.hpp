#pragma once
// A fresh, empty directory for one test: named by the process, the running test and a counter
// (two in one test never share a path), removed again at the end.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

namespace wmpulse::testing {

class temp_dir {
public:
  temp_dir() {
    static std::atomic<int> made{0};
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path = std::filesystem::temp_directory_path() /
           ("wmpulse-it-" + std::to_string(::getpid()) + "-" + (test ? test->name() : "none") + "-" + std::to_string(made++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~temp_dir() { std::filesystem::remove_all(path); }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  // Writes `text` to `name` inside; returns its path.
  std::string file(const std::string& name, const std::string& text) const {
    const auto p = path / name;
    std::ofstream(p) << text;
    return p.string();
  }

  std::filesystem::path path;
};

}  // namespace wmpulse::testing
