# The GraphQL engine's cost per request over a fixed snapshot: uncached (parse + validate +
# execute + serialize), cached (prepare hit + execute + serialize) and execute alone, for the
# tutorial query and a dashboard query (docs/PERFORMANCE.md "GraphQL engine"). Every result
# is checked against a reference built straight from the snapshot before timing.
wmpulse_add_bench(graphql_bench
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/graphql_bench.cpp
  LIBS wmpulse_api wmpulse_graphql)
