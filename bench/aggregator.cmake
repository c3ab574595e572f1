# The aggregator's per-event cost at 100 / 10k / 1M open sessions and 10k / 1M events in
# the window (docs/PERFORMANCE.md). The smoke run checks correctness on scaled-down cases.
# It reuses the unit tests' oracle and snapshot comparison (tests/unit/metrics), hence GTest.
find_package(GTest REQUIRED)
wmpulse_add_bench(aggregator_bench
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/aggregator_bench.cpp
  LIBS wmpulse_metrics GTest::gtest
  SMOKE_ARGS --wmpulse_smoke)
target_include_directories(aggregator_bench PRIVATE ${PROJECT_SOURCE_DIR}/tests/unit)
