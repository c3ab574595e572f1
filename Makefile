# The two commands a newcomer needs:
#   make demo   set up, build, and run the service on :4000 following the built-in simulator
#   make test   set up, build, and run every test
BUILD ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
PORT ?= 4000

.PHONY: demo test setup build clean fuzz bench

setup:
	@scripts/install-deps --with-test-tools

build: setup
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@scripts/demo $(BUILD) $(PORT)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 900

bench: build
	@scripts/bench $(BUILD)

# libFuzzer targets (clang, ASan + UBSan), 600 s each: FUZZ_TARGETS, FUZZ_SECONDS (docs/SECURITY-FUZZING.md)
fuzz: setup
	@scripts/fuzz

clean:
	rm -rf $(BUILD)
