# The two commands a newcomer needs:
#   make demo   set up, build, and run the service on :4000 following the built-in simulator
#   make test   set up, build, and run every test
BUILD ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
PORT ?= 4000
# A compiler cache speeds up rebuilds where one is installed; nothing needs it. Keyed on paths
# relative to the checkout, so a fresh clone of the same commit reuses what another compiled.
LAUNCHER := $(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: demo test setup build clean fuzz bench test-sanitize soak package

setup:
	@scripts/install-deps --with-test-tools

build: setup
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(LAUNCHER) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@scripts/demo $(BUILD) $(PORT)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 900

# The unit and integration suites under ASan+UBSan (build-asan/) and the multi-threaded parts
# under TSan (build-tsan/); CI runs it after `make test`.
SANITIZERS ?= asan tsan
test-sanitize: setup
	@JOBS=$(JOBS) scripts/test-sanitize $(SANITIZERS)

# Long soak (not in CI; ctest runs a 60 s form): SOAK_SECONDS (default 1800), SOAK_SEED.
soak: build
	@scripts/soak $(BUILD)

# A Debian package in $(BUILD)/ (binaries, web assets, systemd unit, default config, deploy/).
package: build
	@cd $(BUILD) && cpack -G DEB

bench: build
	@scripts/bench $(BUILD)

# libFuzzer targets (clang, ASan + UBSan), 600 s each: FUZZ_TARGETS, FUZZ_SECONDS (docs/SECURITY-FUZZING.md)
fuzz: setup
	@scripts/fuzz

clean:
	rm -rf $(BUILD)
