# Subscription fan-out over real loopback sockets (server + a forked load generator).
wmpulse_add_bench(fanout_bench
  SOURCES ${PROJECT_SOURCE_DIR}/bench/fanout_bench.cpp ${PROJECT_SOURCE_DIR}/bench/fanout_load.cpp
  LIBS wmpulse_server
  SMOKE_ARGS --subscribers=50 --ticks=5)
