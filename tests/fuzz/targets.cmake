# The fuzz targets and what each one exercises: the libraries it links, and sources compiled
# into it (the config parser's files, rather than the whole composition root). Read by the libFuzzer
# build (CMakeLists.txt) and by the corpus replay test (replay/CMakeLists.txt).
set(WMPULSE_FUZZ_TARGETS tutorial genesys http graphql_ws config graphql)
set(WMPULSE_FUZZ_LIBS_graphql wmpulse_api)
set(WMPULSE_FUZZ_LIBS_tutorial wmpulse_events)
set(WMPULSE_FUZZ_LIBS_genesys wmpulse_genesys_core)
set(WMPULSE_FUZZ_LIBS_http wmpulse_api wmpulse_server wmpulse_metrics)
set(WMPULSE_FUZZ_LIBS_graphql_ws wmpulse_api wmpulse_server)
set(WMPULSE_FUZZ_LIBS_config wmpulse_genesys_core wmpulse_metrics tomlplusplus::tomlplusplus)
set(WMPULSE_FUZZ_SOURCES_config ${PROJECT_SOURCE_DIR}/src/app/config.cpp ${PROJECT_SOURCE_DIR}/src/app/options.cpp
    ${PROJECT_SOURCE_DIR}/src/app/config_file.cpp ${PROJECT_SOURCE_DIR}/src/app/config_text.cpp
    ${PROJECT_SOURCE_DIR}/src/app/thresholds_file.cpp)
