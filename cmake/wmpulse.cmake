# Build helpers shared by every folder.

# Warnings for our own code only (third-party headers come in as SYSTEM).
add_library(wmpulse_warnings INTERFACE)
# The Release build (make test) is the warnings gate. The sanitizer trees (build type Sanitize,
# -Og with instrumentation) still print warnings but do not fail on them: GCC 12 reports false
# -Wmaybe-uninitialized there inside the standard library (std::regex, std::optional).
target_compile_options(wmpulse_warnings INTERFACE -Wall -Wextra -Wpedantic $<$<NOT:$<CONFIG:Sanitize>>:-Werror>
  # GCC 12 reports std::string concatenation at -O2/-O3 as overlapping memcpy (GCC bug 105329).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)

# WMPULSE_SANITIZER picks the sanitizers: "address,undefined" or "thread" (they cannot be
# combined). The older WMPULSE_SANITIZE=ON still means "address,undefined".
add_library(wmpulse_sanitize INTERFACE)
if(WMPULSE_SANITIZE AND NOT WMPULSE_SANITIZER)
  set(WMPULSE_SANITIZER "address,undefined")
endif()
if(WMPULSE_SANITIZER STREQUAL "address,undefined")
  target_compile_options(wmpulse_sanitize INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                    -fno-sanitize-recover=undefined)
  target_link_options(wmpulse_sanitize INTERFACE -fsanitize=address,undefined)
elseif(WMPULSE_SANITIZER STREQUAL "thread")
  # GCC 12 warns (-Wtsan) that TSan does not model std::atomic_thread_fence, which Asio's
  # std_fenced_block uses around every handler. A fence TSan ignores can only hide a
  # happens-before edge, so it can add false reports, never hide a race; Asio's queues are also
  # guarded by mutexes, which TSan does model.
  target_compile_options(wmpulse_sanitize INTERFACE -fsanitize=thread -fno-omit-frame-pointer
                                                    $<$<CXX_COMPILER_ID:GNU>:-Wno-tsan>)
  target_link_options(wmpulse_sanitize INTERFACE -fsanitize=thread)
elseif(WMPULSE_SANITIZER)
  message(FATAL_ERROR "WMPULSE_SANITIZER=${WMPULSE_SANITIZER}: use \"address,undefined\" or \"thread\"")
endif()

# wmpulse_module(name SOURCES a.cpp … DEPENDS other modules/targets)
# Defines the static library wmpulse_<name> with src/ as its include root.
function(wmpulse_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(wmpulse_${name} STATIC ${M_SOURCES})
  target_include_directories(wmpulse_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(wmpulse_${name} PUBLIC ${M_DEPENDS} PRIVATE wmpulse_warnings wmpulse_sanitize)
  target_link_libraries(wmpulse_${name} INTERFACE wmpulse_sanitize)
  set_property(GLOBAL APPEND PROPERTY WMPULSE_MODULES ${name})
endfunction()

# wmpulse_add_test(name SOURCES … LIBS … [LABELS …])
# A GoogleTest executable; each TEST becomes a ctest test carrying the labels.
function(wmpulse_add_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest_main GTest::gmock wmpulse_warnings wmpulse_sanitize)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  include(GoogleTest)
  gtest_discover_tests(${name} PROPERTIES LABELS "${T_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()

# What each module may include (style guide, "Dependency direction").
set(WMPULSE_ALLOWED_core    "core")
set(WMPULSE_ALLOWED_events  "core;events")
set(WMPULSE_ALLOWED_metrics "core;events;metrics")
set(WMPULSE_ALLOWED_graphql "core;graphql")
set(WMPULSE_ALLOWED_net     "core;net")
set(WMPULSE_ALLOWED_sources "core;net;events;sources")
set(WMPULSE_ALLOWED_genesys "core;net;events;genesys")
set(WMPULSE_ALLOWED_journal "core;events;journal")
set(WMPULSE_ALLOWED_cluster "core;events;cluster")
set(WMPULSE_ALLOWED_server  "core;net;graphql;server")
set(WMPULSE_ALLOWED_api     "core;events;graphql;metrics;api")
set(WMPULSE_ALLOWED_app     "core;events;metrics;graphql;net;sources;genesys;server;api;journal;cluster;app")

# Fails the configure when a file under src/<module> includes "<other>/…" from a module
# it may not use. The link lines say the same; this also catches header-only uses.
function(wmpulse_check_layering)
  set(all core events metrics graphql net sources genesys server api journal cluster app)
  foreach(module IN LISTS all)
    file(GLOB_RECURSE files ${PROJECT_SOURCE_DIR}/src/${module}/*.hpp ${PROJECT_SOURCE_DIR}/src/${module}/*.cpp)
    foreach(f IN LISTS files)
      file(STRINGS ${f} includes REGEX "^#include \"[a-z_]+/")
      foreach(line IN LISTS includes)
        string(REGEX REPLACE "^#include \"([a-z_]+)/.*" "\\1" used "${line}")
        if(used IN_LIST all AND NOT used IN_LIST WMPULSE_ALLOWED_${module})
          message(FATAL_ERROR "layering: ${f} includes ${used}/, which ${module} may not use")
        endif()
      endforeach()
    endforeach()
  endforeach()
  # The simulator may use net and events, never app.
  file(GLOB_RECURSE files ${PROJECT_SOURCE_DIR}/sim/*.hpp ${PROJECT_SOURCE_DIR}/sim/*.cpp)
  foreach(f IN LISTS files)
    file(STRINGS ${f} includes REGEX "^#include \"(app|api|server|metrics|graphql|genesys|sources)/")
    if(includes)
      message(FATAL_ERROR "layering: ${f} includes ${includes}; the simulator may use only core, net and events")
    endif()
  endforeach()
endfunction()
