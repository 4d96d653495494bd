# Orderly: the two commands a newcomer needs are `make run` and `make test`.
# Both install what they need (Debian packages, a Python venv for the tests) when it is missing.
SHELL := /bin/bash
SWIFT ?= swift
HOST ?= 127.0.0.1
PORT ?= 50051
DATA ?= ./data
VENV ?= .venv
PY := $(VENV)/bin/python
# Seconds per fuzz target: `make fuzz-smoke` (in `make test`) and `make fuzz` (longer, by hand).
FUZZ_SMOKE_SECONDS ?= 30
FUZZ_SECONDS ?= 300

# What `make run` needs: the two libraries of the design card, OpenSSL for TLS, zlib for gzip/deflate
# (and pkg-config).
RUN_PACKAGES := libnghttp2-dev libprotobuf-c-dev libssl-dev zlib1g-dev pkg-config
# What the tests and benchmarks need on top: code generators, the gRPC project's protos, h2load/nghttpd,
# the openssl command that makes the TLS tests' throwaway certificates, and promtool (Debian's
# prometheus package) that checks the metrics endpoint's output.
TEST_PACKAGES := $(RUN_PACKAGES) protobuf-c-compiler protobuf-compiler grpc-proto nghttp2-client \
                 nghttp2-server python3-venv openssl prometheus

.PHONY: run build release deps test-deps venv test swift-test tsan-test asan-test fuzz-smoke \
        integration-test check-generated generate bench fuzz clean

run: deps release
	mkdir -p $(DATA)
	.build/release/orderlyd --host $(HOST) --port $(PORT) --data-dir $(DATA)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

deps:
	@tools/install-packages $(RUN_PACKAGES)

test-deps:
	@tools/install-packages $(TEST_PACKAGES)

venv: test-deps
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check -r Tests/integration/requirements.txt

# Everything CI runs: generated code is fresh, Swift unit tests, the same under ThreadSanitizer and
# AddressSanitizer, a short libFuzzer run of each fuzz target, and the Python grpcio integration
# tests against the real executables.
test: check-generated swift-test tsan-test asan-test fuzz-smoke integration-test

check-generated: venv
	PATH="$(abspath $(VENV))/bin:$$PATH" tools/gen-protos --check

generate: venv
	PATH="$(abspath $(VENV))/bin:$$PATH" tools/gen-protos

# Some engine tests call the server with Python grpcio: they use the venv's Python.
export ORDERLY_PYTHON := $(abspath $(PY))

swift-test: venv
	$(SWIFT) build
	$(SWIFT) test

# Sanitized suites run one test at a time: in parallel on 2 cores, tests that block their thread
# starve the cooperative pool under the sanitizers' slowdown, and the end-to-end Python client's
# streaming deadlines expire (serial is also faster there: ~20-30 s of tests).
tsan-test: venv
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan --no-parallel

# Leak detection is off here (the XCTest runner and still-suspended handler Tasks at exit make
# it noisy); the fuzz targets run with libFuzzer's per-input leak detection instead.
asan-test: venv
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --sanitize=address --scratch-path .build-asan --no-parallel

# Each libFuzzer target for FUZZ_SMOKE_SECONDS from the committed seeds (tools/fuzz).
fuzz-smoke: test-deps
	tools/fuzz $(FUZZ_SMOKE_SECONDS)

fuzz: test-deps
	tools/fuzz $(FUZZ_SECONDS)

integration-test: venv release
	ORDERLY_BIN_DIR=$(abspath .build/release) $(PY) -m pytest -q Tests/integration

bench: test-deps release
	tools/bench

clean:
	rm -rf .build .build-tsan .build-asan .build-fuzz
