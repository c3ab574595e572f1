#pragma once
// How every bench fails: a failed check (before timing, or after it) makes main() return 1, so
// the ctest smoke run fails. Google Benchmark's SkipWithError alone prints the error and still
// exits 0. Each check's message starts with "check failed: "; the <bench>.broken_reference
// test (bench/CMakeLists.txt) runs each bench with --wmpulse_break_reference, which corrupts
// its reference, and expects exit 1 and that message.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace wmpulse::bench {

// --wmpulse_break_reference: the bench corrupts its own reference, so its checks must fail.
inline bool break_reference = false;

namespace detail {
inline bool any_check_failed = false;
}

// Records a failed check made outside a benchmark case (e.g. before registering the cases).
inline void check_failed(const std::string& what) {
  std::fprintf(stderr, "check failed: %s\n", what.c_str());
  detail::any_check_failed = true;
}

// Records a failed check inside a benchmark case and skips the case; the caller returns
// (before timing) or stops timing.
inline void check_failed(benchmark::State& state, const std::string& what) {
  check_failed(what);
  state.SkipWithError(("check failed: " + what).c_str());
}

// The console output, plus: any case that ended in an error fails the run.
class check_reporter : public benchmark::ConsoleReporter {
public:
  check_reporter() : ConsoleReporter(OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs)
      if (r.error_occurred) errors = true;
    ConsoleReporter::ReportRuns(runs);
  }
  bool errors = false;
};

// Removes `flag` (exactly) from argv; true when it was there.
inline bool take_flag(int& argc, char** argv, const char* flag) {
  auto* end = std::remove_if(argv + 1, argv + argc, [flag](const char* a) { return std::strcmp(a, flag) == 0; });
  const bool found = end != argv + argc;
  argc = static_cast<int>(end - argv);
  return found;
}

// Takes --wmpulse_break_reference; call before the checks and before run_benchmarks.
inline void take_common_flags(int& argc, char** argv) {
  if (take_flag(argc, argv, "--wmpulse_break_reference")) break_reference = true;
}

// The exit status so far: 1 once a check failed.
inline int status(const check_reporter* reporter = nullptr) {
  return detail::any_check_failed || (reporter && reporter->errors) ? 1 : 0;
}

// Runs the registered cases through `reporter`; returns the exit status for main(): 1 on an
// unknown argument, a failed check or any case that ended in an error.
inline int run_benchmarks(int argc, char** argv, check_reporter& reporter) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  if (status(&reporter) != 0) std::fprintf(stderr, "%s: a check failed or a case ended in an error: exit 1\n", argv[0]);
  return status(&reporter);
}

}  // namespace wmpulse::bench
